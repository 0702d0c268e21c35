using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Persistence;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Core.Tests.Persistence;

public sealed class AddDocumentStorageTests
{
    [Fact]
    public async Task AddDocumentStorage_ADocumentAdapter_BacksEveryStoreWithOneDocumentStorage()
    {
        var documents = new InMemoryDocumentStore();
        var services = new ServiceCollection();
        services.AddCustomerServiceCore().AddDocumentStorage(_ => documents).AddStudioDesk();
        using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<DocumentStorage>();

        Assert.Same(storage.Tickets, provider.GetRequiredService<IEntityStore<Ticket>>());
        Assert.Same(storage.Complaints, provider.GetRequiredService<IEntityStore<Complaint>>());
        Assert.Same(storage.Callbacks, provider.GetRequiredService<IEntityStore<Callback>>());
        Assert.Same(documents, storage.Documents);

        // The studio desk keeps its profiles in the same document store.
        Assert.Equal(1, await provider.GetRequiredService<ICustomerProfileStore>().SaveAsync(new CustomerProfile("P-1"), null));
        Assert.NotNull(await documents.FindAsync(CustomerProfile.EntityKind, "P-1", 0));
        Assert.Same(storage.Outbox, provider.GetRequiredService<IOutboxStore>());

        // A command through the container's service lands in the adapter's rows, its event in the same save.
        await provider.GetRequiredService<ITicketService>().OpenAsync(new TicketId("T-1"), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, "desk");
        Assert.NotNull(await documents.FindAsync(TicketService.EntityKind, "T-1", 0));
        Assert.Equal(1, await documents.CountPendingAsync());
    }

    [Fact]
    public void AddDocumentStorage_NoFactory_ThrowsNamingIt()
    {
        var builder = new ServiceCollection().AddCustomerServiceCore();

        Assert.Equal("documents", Assert.Throws<ArgumentNullException>(() => builder.AddDocumentStorage(null!)).ParamName);
    }
}
