using System.Diagnostics.CodeAnalysis;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.Hosting;

/// <summary>Registers CustomerService.Core from configuration, and its due work as a hosted service.</summary>
/// <example><code>builder.Services.AddCustomerServiceCore(builder.Configuration).AddHostedDueWork();</code></example>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class CustomerServiceCoreHostingExtensions
{
    /// <summary>
    /// Registers CustomerService.Core with its settings bound from the <c>CustomerServiceCore</c> section of
    /// <paramref name="configuration"/> (or from <paramref name="configuration"/> itself when it is that section), so that
    /// no setting is silently ignored: an unknown key anywhere under the section is a start-up error that names the full
    /// key and the nearest valid one (<c>CustomerServiceCore:SlaPolicy: unknown key; did you mean 'SlaPolicies'?</c>), and
    /// so is a value that does not parse; every problem is listed, with its key, in one
    /// <see cref="OptionsValidationException"/> when the host starts (<c>ValidateOnStart</c>), or from
    /// <see cref="CustomerServiceCoreServiceCollectionExtensions.ValidateCustomerServiceCoreOptions"/> in a host without
    /// the Generic Host. Durations use one syntax everywhere (<c>8h</c>, <c>30m</c>, <c>1d 4h</c>, <c>PT8H</c>,
    /// <c>7:00:00:00</c>); see <c>docs/configuration.md</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration, or its <c>CustomerServiceCore</c> section.</param>
    /// <param name="configure">Changes the settings in code after binding, or <see langword="null"/>.</param>
    /// <returns>A builder that plugs in storage adapters, event sinks and the hosted due work.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddCustomerServiceCore(this IServiceCollection services, IConfiguration configuration, Action<CustomerServiceCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: CustomerServiceCoreOptions.SectionName } own
            ? own
            : configuration.GetSection(CustomerServiceCoreOptions.SectionName);
        return services.AddCustomerServiceCore(new SectionSettings(section), configure);
    }

    /// <summary>
    /// Runs all due work in the background: SLA checks (warnings and breaches), automatic closing, dispatch and response
    /// deadlines and callback attempts through the services' <c>ProcessDueAsync</c>, and event delivery through
    /// <see cref="OutboxDispatcher.DispatchAsync"/>, in a scope per batch, armed at the earliest due instant rather than a
    /// fixed poll (the services signal every save; a safety poll finds work written by other processes). Settings: section
    /// <c>CustomerServiceCore:HostedDueWork</c> (<see cref="HostedDueWorkOptions"/>), validated with the rest. Calling it
    /// twice registers it once.
    /// </summary>
    /// <remarks>
    /// The runner reads the time from the registered NodaTime <c>IClock</c> and sleeps on the registered
    /// <see cref="TimeProvider"/> (the system's by default; register a fake one in tests, with a fake clock). A failing
    /// entity is isolated by the services; a failing store or sink is logged and retried; the host never stops because of
    /// due work. On shutdown, unprocessed work stays due.
    /// </remarks>
    /// <param name="builder">The builder <c>AddCustomerServiceCore</c> returned.</param>
    /// <param name="configure">Changes the settings in code after binding, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddHostedDueWork(this CustomerServiceCoreBuilder builder, Action<HostedDueWorkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddSettingsSection<HostedDueWorkOptions>(HostedDueWorkOptions.SectionKey);
        var options = services.AddOptions<HostedDueWorkOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostedDueWorkOptions>, HostedDueWorkOptionsValidator>());
        services.TryAddSingleton<DueWorkSignal>();
        services.TryAddSingleton<IDueWorkSignal>(sp => sp.GetRequiredService<DueWorkSignal>());
        services.TryAddSingleton(SystemTime);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DueWorkHostedService>());
        return builder;
    }

    [SuppressMessage("ApiDesign", "RS0030:Do not use banned APIs", Justification = "The runner sleeps on a TimeProvider; a host (or a test) that registers its own replaces the system's. Instants come from the IClock.")]
    private static TimeProvider SystemTime(IServiceProvider services) => TimeProvider.System;

    /// <summary>The section's settings as relative key/value pairs, read again each time the settings are built.</summary>
    private sealed class SectionSettings(IConfigurationSection section) : IEnumerable<KeyValuePair<string, string?>>
    {
        public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => section.AsEnumerable(makePathsRelative: true).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
