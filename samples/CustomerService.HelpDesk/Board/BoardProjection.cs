using CustomerService.Core;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Tickets;

namespace CustomerService.HelpDesk.Board;

/// <summary>
/// Keeps the board up to date: every event that carries a ticket, complaint or callback snapshot is written to the
/// read model. Registered with <c>AddEventSink</c>, it receives the events from the outbox after each change commits
/// (the hosted due work delivers them a fraction of a second later), at least once; a failure is retried by the outbox.
/// </summary>
public sealed class BoardProjection(BoardStore board) : ICustomerServiceEventSink
{
    public async ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default)
    {
        var write = domainEvent switch
        {
            TicketOpened e => board.SaveAsync(e.Ticket, cancellationToken),
            TicketTransitioned e => board.SaveAsync(e.Ticket, cancellationToken),
            ComplaintReceived e => board.SaveAsync(e.Complaint, cancellationToken),
            ComplaintTransitioned e => board.SaveAsync(e.Complaint, cancellationToken),
            CallbackRequested e => board.SaveAsync(e.Callback, cancellationToken),
            CallbackTransitioned e => board.SaveAsync(e.Callback, cancellationToken),
            _ => Task.CompletedTask, // SLA milestones and deadlines: the board evaluates the clocks itself
        };
        await write;
    }
}
