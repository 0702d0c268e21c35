using CustomerService.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Core.DependencyInjection;

/// <summary>
/// Plugs the host's parts into CustomerService.Core after <see cref="CustomerServiceCoreServiceCollectionExtensions.AddCustomerServiceCore"/>:
/// storage adapters and the event sink.
/// </summary>
/// <example><code>services.AddCustomerServiceCore().AddTicketStore&lt;SqlTicketStore&gt;().AddEventSink&lt;OutboxEventSink&gt;();</code></example>
/// <threadsafety>Use it at start-up from one thread; service collections are not thread-safe.</threadsafety>
public sealed class CustomerServiceCoreBuilder
{
    internal CustomerServiceCoreBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection the package was registered in.</summary>
    /// <value>The collection given to <see cref="CustomerServiceCoreServiceCollectionExtensions.AddCustomerServiceCore"/>.</value>
    public IServiceCollection Services { get; }

    /// <summary>Uses <typeparamref name="TStore"/> (a singleton) as the ticket store instead of the current one.</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <returns>This builder, for chaining.</returns>
    public CustomerServiceCoreBuilder AddTicketStore<TStore>()
        where TStore : class, ITicketStore => Use<ITicketStore, TStore>();

    /// <summary>Uses <typeparamref name="TStore"/> (a singleton) as the complaint store instead of the current one.</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <returns>This builder, for chaining.</returns>
    public CustomerServiceCoreBuilder AddComplaintStore<TStore>()
        where TStore : class, IComplaintStore => Use<IComplaintStore, TStore>();

    /// <summary>Uses <typeparamref name="TStore"/> (a singleton) as the callback store instead of the current one.</summary>
    /// <typeparam name="TStore">The storage adapter.</typeparam>
    /// <returns>This builder, for chaining.</returns>
    public CustomerServiceCoreBuilder AddCallbackStore<TStore>()
        where TStore : class, ICallbackStore => Use<ICallbackStore, TStore>();

    /// <summary>Uses <typeparamref name="TSink"/> (a singleton) to receive the domain events instead of the current sink.</summary>
    /// <typeparam name="TSink">The event sink (a message bus, an outbox, a notifier).</typeparam>
    /// <returns>This builder, for chaining.</returns>
    public CustomerServiceCoreBuilder AddEventSink<TSink>()
        where TSink : class, ICustomerServiceEventSink => Use<ICustomerServiceEventSink, TSink>();

    private CustomerServiceCoreBuilder Use<TService, TImplementation>()
        where TService : class
        where TImplementation : class, TService
    {
        Services.Replace(ServiceDescriptor.Singleton<TService, TImplementation>());
        return this;
    }
}
