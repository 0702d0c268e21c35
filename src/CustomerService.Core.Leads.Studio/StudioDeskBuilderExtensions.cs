using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.Leads.Studio;

/// <summary>Registers the studio desk (playbook, outreach planner, customer profiles) with CustomerService.Core.</summary>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class StudioDeskBuilderExtensions
{
    /// <summary>
    /// Registers the studio desk: its settings (section <c>CustomerServiceCore:Studio</c>, validated at start-up with the
    /// rest), the <see cref="StudioPlaybook"/>, the <see cref="OutreachPlanner"/> (resolvable when
    /// <see cref="StudioDeskOptions.SendingHours"/> names a calendar) and the <see cref="ICustomerProfileStore"/>: a
    /// <see cref="DocumentCustomerProfileStore"/> over the same document store as the tickets when the host keeps them in
    /// one (<see cref="CustomerServiceCoreBuilder.AddDocumentStorage"/>, which the SQLite and PostgreSQL packages call),
    /// otherwise an <see cref="InMemoryCustomerProfileStore"/>. Every registration uses <c>TryAdd</c>, so services the host
    /// registered before win.
    /// </summary>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="configure">Changes the settings in code (applied after configuration binding), or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddStudioDesk(this CustomerServiceCoreBuilder builder, Action<StudioDeskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<StudioDeskOptions>) && d.ImplementationType == typeof(StudioDeskOptionsValidator)))
        {
            // Called before: only the code's settings are added (the section and its check are registered once).
            if (configure is not null)
            {
                services.AddOptions<StudioDeskOptions>().Configure(configure);
            }

            return builder;
        }

        builder.AddSettingsSection<StudioDeskOptions>(StudioDeskOptions.SectionKey)
               .AddSettingsCheck<StudioDeskOptions>(StudioSettingsCheck.SendingHours);
        var options = services.AddOptions<StudioDeskOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StudioDeskOptions>, StudioDeskOptionsValidator>());
        services.TryAddSingleton<ICustomerProfileStore>(sp => sp.GetService<DocumentStorage>() is { } storage
            ? new DocumentCustomerProfileStore(storage.Documents)
            : new InMemoryCustomerProfileStore());
        services.TryAddSingleton(sp => StudioPlaybook.Create(Desk(sp).Playbook));
        services.TryAddSingleton(sp => new OutreachPlanner(sp.GetRequiredService<StudioPlaybook>(), SendingHours(sp)));
        return builder;
    }

    /// <summary>Uses <typeparamref name="TStore"/> as the customer profile store instead of the current one (the default of <see cref="AddStudioDesk"/>, or an adapter's).</summary>
    /// <typeparam name="TStore">The profile store.</typeparam>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="lifetime">The store's lifetime (<see cref="ServiceLifetime.Scoped"/> for a unit of work per scope).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public static CustomerServiceCoreBuilder AddCustomerProfileStore<TStore>(this CustomerServiceCoreBuilder builder, ServiceLifetime lifetime)
        where TStore : class, ICustomerProfileStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        Checked(lifetime);
        builder.Services.Replace(ServiceDescriptor.Describe(typeof(ICustomerProfileStore), typeof(TStore), lifetime));
        return builder;
    }

    /// <summary>Uses the store a factory makes as the customer profile store instead of the current one (the default of <see cref="AddStudioDesk"/>, or an adapter's).</summary>
    /// <param name="builder">The builder <c>AddCustomerServiceCore()</c> returned.</param>
    /// <param name="factory">Makes the store from the service provider (or scope).</param>
    /// <param name="lifetime">The store's lifetime (<see cref="ServiceLifetime.Scoped"/> for a unit of work per scope).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not a defined value.</exception>
    public static CustomerServiceCoreBuilder AddCustomerProfileStore(this CustomerServiceCoreBuilder builder, Func<IServiceProvider, ICustomerProfileStore> factory, ServiceLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        Checked(lifetime);
        builder.Services.Replace(ServiceDescriptor.Describe(typeof(ICustomerProfileStore), factory, lifetime));
        return builder;
    }

    private static void Checked(ServiceLifetime lifetime)
    {
        if (!Enum.IsDefined(lifetime))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "Not a defined service lifetime.");
        }
    }

    private static StudioDeskOptions Desk(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StudioDeskOptions>>().Value;

    private static Calendars.BusinessCalendar SendingHours(IServiceProvider services)
    {
        var name = Desk(services).SendingHours
            ?? throw new InvalidOperationException(
                $"The outreach planner needs sending hours: set {CustomerServiceCoreOptions.SectionName}:{StudioDeskOptions.SectionKey}:{nameof(StudioDeskOptions.SendingHours)} to the name of a calendar under {CustomerServiceCoreOptions.SectionName}:{nameof(CustomerServiceCoreOptions.Calendars)}, or register an OutreachPlanner.");
        return services.GetRequiredService<SlaCatalog>().TryGetCalendar(name, out var calendar)
            ? calendar
            : throw new InvalidOperationException($"The host's SlaCatalog has no business calendar named '{name}' for the outreach planner's sending hours ({CustomerServiceCoreOptions.SectionName}:{StudioDeskOptions.SectionKey}:{nameof(StudioDeskOptions.SendingHours)}).");
    }
}
