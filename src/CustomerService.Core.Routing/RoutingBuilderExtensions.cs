using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CustomerService.Core.Routing;

/// <summary>Registers routing and assignment on a <see cref="CustomerServiceCoreBuilder"/>.</summary>
/// <example><code>services.AddCustomerServiceCore(configuration).AddRouting();</code></example>
/// <threadsafety>Call the methods at start-up from one thread; service collections are not thread-safe.</threadsafety>
public static class RoutingBuilderExtensions
{
    /// <summary>
    /// Registers the routing desk from the section <c>CustomerServiceCore:Routing</c> (<see cref="RoutingOptions"/>):
    /// the <see cref="RoutingTable"/>, an <see cref="AgentBoard"/> as the <see cref="IAgentAvailability"/> unless the host
    /// registered its own, and the <see cref="RoutingService"/>. The section's keys are checked with the rest of the
    /// settings (a misspelt key is a start-up error naming it and the nearest valid one), and so is its content: an
    /// unknown queue or department, a department without a calendar, a calendar not under <c>CustomerServiceCore:Calendars</c>,
    /// a skill level outside 1 to 5, a route the classification names but nobody defines. Calling it twice registers it once.
    /// </summary>
    /// <param name="builder">The builder <c>AddCustomerServiceCore</c> returned.</param>
    /// <param name="configure">Changes the settings in code after binding, or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CustomerServiceCoreBuilder AddRouting(this CustomerServiceCoreBuilder builder, Action<RoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddSettingsSection<RoutingOptions>(RoutingOptions.SectionKey);
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<RoutingOptions>) && d.ImplementationType == typeof(RoutingOptionsValidator)))
        {
            // Once, like the section: the calendars the section names are checked against the core settings.
            builder.AddSettingsCheck<RoutingOptions>(RoutingCalendarCheck.Calendars);
        }

        var options = services.AddOptions<RoutingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var routing = sp.GetRequiredService<IOptions<RoutingOptions>>().Value;
            if (routing.IsEmpty)
            {
                throw new InvalidOperationException($"Routing is not configured: set {RoutingOptionsValidator.Prefix[..^1]} (routes, queues, agents and the classification rules) or configure RoutingOptions in AddRouting.");
            }

            return routing.Build(sp.GetRequiredService<SlaCatalog>().Calendars, sp.GetRequiredService<IDateTimeZoneProvider>());
        });
        services.TryAddSingleton(sp => new AgentBoard(sp.GetRequiredService<RoutingTable>()));
        services.TryAddSingleton<IAgentAvailability>(sp => sp.GetRequiredService<AgentBoard>());
        services.TryAddSingleton(sp => new QueueTurns(sp.GetRequiredService<RoutingTable>()));
        services.TryAddTransient(sp => new RoutingService(
            sp.GetRequiredService<RoutingTable>(),
            sp.GetRequiredService<ITicketService>(),
            sp.GetRequiredService<IAgentAvailability>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<QueueTurns>()));
        return builder;
    }
}
