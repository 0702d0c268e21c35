using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.DependencyInjection;

/// <summary>
/// Plugs the host's parts into CustomerService.Core after <see cref="CustomerServiceCoreServiceCollectionExtensions.AddCustomerServiceCore(IServiceCollection, Action{CustomerServiceCoreOptions})"/>:
/// storage adapters (as singletons, scoped units of work, or from a factory), the customer profile store and event sinks.
/// </summary>
/// <remarks>
/// The stores of one host must share one database: the services write an entity's outbox messages through the entity's
/// store, in the same transaction, and the dispatcher reads them through the outbox store. The services are transient,
/// so a scoped store (a unit of work per request or per job) is used from the scope that resolves the service.
/// </remarks>
/// <example><code>services.AddCustomerServiceCore().AddTicketStore&lt;SqlTicketStore&gt;(ServiceLifetime.Scoped).AddEventSink&lt;BusEventSink&gt;();</code></example>
/// <threadsafety>Use it at start-up from one thread; service collections are not thread-safe.</threadsafety>
public sealed class CustomerServiceCoreBuilder
{
    internal CustomerServiceCoreBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection the package was registered in.</summary>
    /// <value>The collection given to <see cref="CustomerServiceCoreServiceCollectionExtensions.AddCustomerServiceCore(IServiceCollection, Action{CustomerServiceCoreOptions})"/>.</value>
    public IServiceCollection Services { get; }

    /// <summary>Uses <typeparamref name="TStore"/> as the ticket store instead of the current one.</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <param name="lifetime">The adapter's lifetime (<see cref="ServiceLifetime.Scoped"/> for a unit of work per scope).</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddTicketStore<TStore>(ServiceLifetime lifetime)
        where TStore : class, IEntityStore<Ticket> => Use<IEntityStore<Ticket>, TStore>(lifetime);

    /// <summary>Uses the store a factory makes as the ticket store instead of the current one.</summary>
    /// <param name="factory">Makes the store from the service provider (or scope).</param>
    /// <param name="lifetime">The store's lifetime.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddTicketStore(Func<IServiceProvider, IEntityStore<Ticket>> factory, ServiceLifetime lifetime) =>
        Use(factory, lifetime);

    /// <summary>Uses <typeparamref name="TStore"/> as the complaint store instead of the current one.</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <param name="lifetime">The adapter's lifetime (<see cref="ServiceLifetime.Scoped"/> for a unit of work per scope).</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddComplaintStore<TStore>(ServiceLifetime lifetime)
        where TStore : class, IEntityStore<Complaint> => Use<IEntityStore<Complaint>, TStore>(lifetime);

    /// <summary>Uses the store a factory makes as the complaint store instead of the current one.</summary>
    /// <param name="factory">Makes the store from the service provider (or scope).</param>
    /// <param name="lifetime">The store's lifetime.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddComplaintStore(Func<IServiceProvider, IEntityStore<Complaint>> factory, ServiceLifetime lifetime) =>
        Use(factory, lifetime);

    /// <summary>Uses <typeparamref name="TStore"/> as the callback store instead of the current one.</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <param name="lifetime">The adapter's lifetime (<see cref="ServiceLifetime.Scoped"/> for a unit of work per scope).</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddCallbackStore<TStore>(ServiceLifetime lifetime)
        where TStore : class, IEntityStore<Callback> => Use<IEntityStore<Callback>, TStore>(lifetime);

    /// <summary>Uses the store a factory makes as the callback store instead of the current one.</summary>
    /// <param name="factory">Makes the store from the service provider (or scope).</param>
    /// <param name="lifetime">The store's lifetime.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddCallbackStore(Func<IServiceProvider, IEntityStore<Callback>> factory, ServiceLifetime lifetime) =>
        Use(factory, lifetime);

    /// <summary>Uses <typeparamref name="TStore"/> as the outbox store instead of the current one (the same database as the entity stores).</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <param name="lifetime">The adapter's lifetime (<see cref="ServiceLifetime.Scoped"/> for a unit of work per scope).</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddOutboxStore<TStore>(ServiceLifetime lifetime)
        where TStore : class, IOutboxStore => Use<IOutboxStore, TStore>(lifetime);

    /// <summary>
    /// Keeps tickets, complaints, callbacks and the outbox in a document store (an
    /// <see cref="IDocumentStore"/> adapter): registers one singleton <see cref="DocumentStorage"/> over it, with the
    /// <c>Outbox</c> settings and the packages' registered event types (every <see cref="CustomerServiceEventType"/> singleton,
    /// which a package's <c>Add…</c> method registers), and its typed stores and outbox (claimable when the adapter is) in
    /// place of the current ones.
    /// </summary>
    /// <remarks>The storage adapters' own registrations (<c>AddSqliteStorage</c>, <c>AddPostgreSqlStorage</c>) call this; a host calls it for an adapter of its own. The document store is resolved once, when the storage is first needed.</remarks>
    /// <param name="documents">Gets the document store (a singleton) from the service provider.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="documents"/> is <see langword="null"/>.</exception>
    public CustomerServiceCoreBuilder AddDocumentStorage(Func<IServiceProvider, IDocumentStore> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Services.TryAddSingleton(sp => new DocumentStorage(documents(sp), sp.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value.Outbox, eventTypes: sp.GetServices<CustomerServiceEventType>()));
        return AddTicketStore(sp => sp.GetRequiredService<DocumentStorage>().Tickets, ServiceLifetime.Singleton)
            .AddComplaintStore(sp => sp.GetRequiredService<DocumentStorage>().Complaints, ServiceLifetime.Singleton)
            .AddCallbackStore(sp => sp.GetRequiredService<DocumentStorage>().Callbacks, ServiceLifetime.Singleton)
            .AddOutboxStore(sp => sp.GetRequiredService<DocumentStorage>().Outbox, ServiceLifetime.Singleton);
    }

    /// <summary>Uses the store a factory makes as the outbox store instead of the current one.</summary>
    /// <param name="factory">Makes the store from the service provider (or scope).</param>
    /// <param name="lifetime">The store's lifetime.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddOutboxStore(Func<IServiceProvider, IOutboxStore> factory, ServiceLifetime lifetime) =>
        Use(factory, lifetime);

    /// <summary>Adds <typeparamref name="TSink"/> to the event sinks the outbox dispatcher delivers every event to (adding the same type twice adds it once).</summary>
    /// <typeparam name="TSink">The event sink (a message bus, a notifier); it must be idempotent, as delivery is at least once.</typeparam>
    /// <param name="lifetime">The sink's lifetime; the default value is <see cref="ServiceLifetime.Singleton"/>.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public CustomerServiceCoreBuilder AddEventSink<TSink>(ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TSink : class, ICustomerServiceEventSink
    {
        Services.TryAddEnumerable(ServiceDescriptor.Describe(typeof(ICustomerServiceEventSink), typeof(TSink), Checked(lifetime)));
        return this;
    }

    /// <summary>
    /// Adds a sub-section of <c>CustomerServiceCore</c> that a package owns (for example <c>Sqlite</c>): its key becomes
    /// valid, it is bound onto <typeparamref name="TOptions"/> (before the package's own configuration in code) when the
    /// settings come from configuration, and its validation failures are reported with the rest of the settings, in the
    /// one start-up message and by <see cref="CustomerServiceCoreServiceCollectionExtensions.ValidateCustomerServiceCoreOptions"/>.
    /// Adding the same key twice adds it once.
    /// </summary>
    /// <remarks>Register the section's <c>IValidateOptions&lt;TOptions&gt;</c> as usual, but not <c>ValidateOnStart</c> for it: its errors would be reported twice. The options must not depend on <see cref="CustomerServiceCoreOptions"/>.</remarks>
    /// <typeparam name="TOptions">The section's options class (public properties, as for configuration binding).</typeparam>
    /// <param name="key">The section's key under <c>CustomerServiceCore</c>.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="key"/> is empty, holds a colon, or is a key of <see cref="CustomerServiceCoreOptions"/>.</exception>
    public CustomerServiceCoreBuilder AddSettingsSection<TOptions>(string key)
        where TOptions : class, new()
    {
        Guard.Text(key, nameof(key));
        if (key.Contains(':', StringComparison.Ordinal) || typeof(CustomerServiceCoreOptions).GetProperty(key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase) is not null)
        {
            throw new ArgumentException($"'{key}' cannot name a package's section: it holds a colon or is a key of CustomerServiceCoreOptions.", nameof(key));
        }

        if (Services.Any(d => d.ServiceType == typeof(SettingsSection) && d.ImplementationInstance is SettingsSection s && string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase)))
        {
            return this;
        }

        Services.AddSingleton(SettingsSection.For<TOptions>(key));
        Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<TOptions>>(sp => new SectionSettingsConfigurer<TOptions>(key, sp));
        return this;
    }

    /// <summary>
    /// Adds a check of a package's section against the core settings (for example that a calendar the section names is
    /// one of <c>CustomerServiceCore:Calendars</c>), reported at start-up in the one message with the rest.
    /// </summary>
    /// <remarks>
    /// The check sees the section as configured (bound, then changed in code) without its own validators having run, so a
    /// section with errors of its own is still cross-checked: both kinds of problem are reported together.
    /// </remarks>
    /// <typeparam name="TOptions">The section's options class, as given to <see cref="AddSettingsSection{TOptions}"/>.</typeparam>
    /// <param name="check">Returns the problems, each starting with its full key; none when the settings agree.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="check"/> is <see langword="null"/>.</exception>
    public CustomerServiceCoreBuilder AddSettingsCheck<TOptions>(Func<TOptions, CustomerServiceCoreOptions, IEnumerable<string>> check)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(check);
        Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CustomerServiceCoreOptions>>(sp => new SectionSettingsCheck<TOptions>(sp, check));
        return this;
    }

    private static ServiceLifetime Checked(ServiceLifetime lifetime)
    {
        Guard.Defined(lifetime, nameof(lifetime));
        return lifetime;
    }

    private CustomerServiceCoreBuilder Use<TService, TImplementation>(ServiceLifetime lifetime)
        where TService : class
        where TImplementation : class, TService
    {
        Services.Replace(ServiceDescriptor.Describe(typeof(TService), typeof(TImplementation), Checked(lifetime)));
        return this;
    }

    private CustomerServiceCoreBuilder Use<TService>(Func<IServiceProvider, TService> factory, ServiceLifetime lifetime)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Describe(typeof(TService), factory, Checked(lifetime)));
        return this;
    }
}
