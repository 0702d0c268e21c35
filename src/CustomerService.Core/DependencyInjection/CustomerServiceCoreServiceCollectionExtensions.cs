using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Kpis;
using CustomerService.Core.Leads;
using CustomerService.Core.Sla;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.DependencyInjection;

/// <summary>Registers CustomerService.Core in a service collection.</summary>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class CustomerServiceCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the lifecycles, the services (transient), the in-memory storage (stores and outbox), the <see cref="OutboxDispatcher"/>, the <see cref="SlaCatalog"/> of named calendars and SLA policies, the meter and the settings
    /// (validated at start-up); for KPIs the <see cref="AgentScorecardCalculator"/>; for leads the <see cref="SegmentationRuleSetCatalog"/> (the studio desk's playbook and profiles come with its own package). Every registration uses <c>TryAdd</c>, so services the host registered before
    /// (its <see cref="IClock"/>, its stores) win; calling this method again only adds <paramref name="configure"/>. Event sinks are added with
    /// <see cref="CustomerServiceCoreBuilder.AddEventSink{TSink}"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the settings in code (applied after configuration binding registered earlier), or <see langword="null"/>.</param>
    /// <returns>A builder that plugs in the host's storage adapters and event sink.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> is <see langword="null"/>.</exception>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "The settings overload takes a different first argument and no optional one; calls cannot be ambiguous.")]
    public static CustomerServiceCoreBuilder AddCustomerServiceCore(this IServiceCollection services, Action<CustomerServiceCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CustomerServiceCoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(RegistrationMarker)))
        {
            return new CustomerServiceCoreBuilder(services);
        }

        services.AddSingleton<RegistrationMarker>();
        options.PostConfigure(CustomerServiceCoreOptionsValidator.NameFromKeys);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerServiceCoreOptions>, CustomerServiceCoreOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerServiceCoreOptions>, SettingsValidator>());

        services.TryAddSingleton(DefaultClock);
        services.TryAddSingleton(DateTimeZoneProviders.Tzdb);
        services.TryAddSingleton(sp => new CustomerServiceMetrics(sp.GetService<IMeterFactory>(), sp.GetService<ILoggerFactory>(), sp.GetService<IDueWorkSignal>()));

        // The in-memory default: one storage behind one lock, so a save and its outbox messages are atomic.
        services.TryAddSingleton<InMemoryStorage>();
        services.TryAddSingleton(sp => sp.GetRequiredService<InMemoryStorage>().GetStore<Ticket>(TicketService.EntityKind));
        services.TryAddSingleton(sp => sp.GetRequiredService<InMemoryStorage>().GetStore<Complaint>(ComplaintService.EntityKind));
        services.TryAddSingleton(sp => sp.GetRequiredService<InMemoryStorage>().GetStore<Callback>(CallbackService.EntityKind));
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<InMemoryStorage>());

        services.TryAddSingleton(sp => new TicketLifecycle(Settings(sp).Tickets));
        services.TryAddSingleton(_ => new ComplaintLifecycle());
        services.TryAddSingleton(sp => new CallbackLifecycle(Settings(sp).Callbacks.ToRetryPolicy(), sp.GetRequiredService<IDateTimeZoneProvider>()));

        services.TryAddSingleton(sp => CustomerServiceCoreOptionsValidator.BuildCatalog(Settings(sp), sp.GetRequiredService<IDateTimeZoneProvider>()));

        services.TryAddSingleton(sp => new AgentScorecardCalculator(Settings(sp).Kpis.Scorecard));

        services.TryAddSingleton(sp => CustomerServiceCoreOptionsValidator.BuildRuleSets(Settings(sp), sp.GetRequiredService<IDateTimeZoneProvider>()));

        // Services are transient: they hold no state, and take whatever lifetime the host gives its stores (a scoped
        // unit of work resolves them from the scope; singleton stores from anywhere).
        services.TryAddTransient<ITicketService>(sp => new TicketService(
            sp.GetRequiredService<IEntityStore<Ticket>>(), sp.GetRequiredService<TicketLifecycle>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<SlaCatalog>(), Settings(sp).DueWork, sp.GetRequiredService<CustomerServiceMetrics>()));
        services.TryAddTransient<IComplaintService>(sp => new ComplaintService(
            sp.GetRequiredService<IEntityStore<Complaint>>(), sp.GetRequiredService<ComplaintLifecycle>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<SlaCatalog>(), Settings(sp).DueWork, sp.GetRequiredService<CustomerServiceMetrics>()));
        services.TryAddTransient<ICallbackService>(sp => new CallbackService(
            sp.GetRequiredService<IEntityStore<Callback>>(), sp.GetRequiredService<CallbackLifecycle>(), sp.GetRequiredService<IClock>(), Settings(sp).DueWork, sp.GetRequiredService<CustomerServiceMetrics>()));

        // The dispatcher delivers every outbox message to the library's own follow-ups first, then to the host's sinks.
        services.TryAddTransient(sp => new OutboxDispatcher(
            sp.GetRequiredService<IOutboxStore>(),
            [new DissatisfiedCallbackFollowUp(sp.GetRequiredService<IComplaintService>()), .. sp.GetServices<ICustomerServiceEventSink>()],
            Settings(sp).Outbox,
            sp.GetRequiredService<CustomerServiceMetrics>()));
        return new CustomerServiceCoreBuilder(services);
    }

    /// <summary>
    /// Registers the package as <see cref="AddCustomerServiceCore(IServiceCollection, Action{CustomerServiceCoreOptions})"/> does, with its settings bound from
    /// flattened key/value pairs of the <c>CustomerServiceCore</c> section (keys relative to it, separated by <c>:</c>, as
    /// <c>IConfigurationSection.AsEnumerable(makePathsRelative: true)</c> yields them). Hosts with
    /// <c>Microsoft.Extensions.Configuration</c> call <c>AddCustomerServiceCore(configuration)</c> of the package
    /// CustomerService.Core.Hosting instead, which passes exactly these pairs.
    /// </summary>
    /// <remarks>
    /// Nothing under the section is ignored: an unknown key (with the nearest valid one: <c>CustomerServiceCore:SlaPolicy:
    /// unknown key; did you mean 'SlaPolicies'?</c>), a value where a section belongs, a list position that is not a
    /// number, a duration, time of day or name that does not parse — each is a start-up error naming its full key, reported
    /// together with every other settings problem in one <see cref="OptionsValidationException"/>. Durations use one syntax
    /// everywhere (<c>8h</c>, <c>30m</c>, <c>1d 4h</c>, <c>PT8H</c>, <c>7:00:00:00</c>; see <c>docs/configuration.md</c>).
    /// Packages add their own sub-sections with <see cref="CustomerServiceCoreBuilder.AddSettingsSection{TOptions}"/>.
    /// The pairs are enumerated when the settings are first read.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="settings">The settings of the <c>CustomerServiceCore</c> section.</param>
    /// <param name="configure">Changes the settings in code after binding, or <see langword="null"/>.</param>
    /// <returns>A builder that plugs in the host's storage adapters and event sinks.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> or <paramref name="settings"/> is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddCustomerServiceCore(this IServiceCollection services, IEnumerable<KeyValuePair<string, string?>> settings, Action<CustomerServiceCoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);

        // Binding runs before the code's changes: configure actions run in the order they were registered.
        services.RemoveAll<SettingsSource>();
        services.AddSingleton(new SettingsSource(settings));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CustomerServiceCoreOptions>, RootSettingsConfigurer>());
        return services.AddCustomerServiceCore(configure);
    }

    /// <summary>
    /// Validates the package's settings now, for hosts without the Generic Host (which runs start-up validation itself).
    /// Call it right after building the service provider.
    /// </summary>
    /// <param name="services">The built service provider.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">Thrown when a setting is not valid (an unknown or misspelt key, a value that does not parse, a rule broken), with every problem of every section, packages' sections included, and its full key in one message.</exception>
    /// <exception cref="InvalidOperationException">Thrown when <see cref="AddCustomerServiceCore(IServiceCollection, Action{CustomerServiceCoreOptions})"/> was not called.</exception>
    public static void ValidateCustomerServiceCoreOptions(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService(typeof(RegistrationMarker)) is null)
        {
            throw new InvalidOperationException("AddCustomerServiceCore was not called on this service provider's collection.");
        }

        _ = Settings(services);
    }

    private static CustomerServiceCoreOptions Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CustomerServiceCoreOptions>>().Value;

    [SuppressMessage("ApiDesign", "RS0030:Do not use banned APIs", Justification = "The one place the package may default to the system clock: a host that registers its own IClock (tests, simulations) replaces it.")]
    private static IClock DefaultClock(IServiceProvider services) => SystemClock.Instance;

    /// <summary>Marks a collection that already holds the registrations, so a second call adds nothing twice.</summary>
    private sealed class RegistrationMarker;
}
