using System.Globalization;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Sla;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Tour;

/// <summary>What the host's SMS, e-mail or WeChat gateway offers: send a template to a team, with fields that are host keys only.</summary>
public interface INotificationSender
{
    /// <summary>Sends one notification.</summary>
    ValueTask SendAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>A notification: who gets it (a team or rota key), which template, and the fields the template fills in.</summary>
/// <param name="Id">The event's id, stable across redeliveries: gateways that support it deduplicate by it.</param>
/// <param name="Team">The team or rota to notify.</param>
/// <param name="Template">The message template key.</param>
/// <param name="Fields">Template fields: entity kinds, ids, metrics, instants — never customer data.</param>
public sealed record Notification(string Id, string Team, string Template, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The notification events of docs/notifications.md turned into messages: SLA warnings and breaches, dispatch deadlines
/// passed, complaint responses overdue, callbacks due. Registered with <c>AddEventSink&lt;NotificationSink&gt;()</c>, it
/// receives every event from the outbox, at least once; it skips the other events.
/// </summary>
public sealed class NotificationSink(INotificationSender sender) : ICustomerServiceEventSink
{
    /// <inheritdoc/>
    public ValueTask PublishAsync(CustomerServiceEvent domainEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var notification = domainEvent switch
        {
            SlaMilestoneReached m => new Notification(m.Id, "team-leads", m.IsBreach ? "sla.breached" : "sla.warning", new Dictionary<string, string>
            {
                ["case"] = $"{m.EntityKind} {m.EntityId}",
                ["metric"] = m.Metric.ToString(),
                ["priority"] = m.Priority,
                ["reached"] = m.IsBreach ? "100%" : m.Fraction.ToString("P0", CultureInfo.InvariantCulture),
                ["at"] = m.ReachedAt.ToString(),
            }),
            TicketHoldDeadlinePassed h => new Notification(h.Id, h.Party, "dispatch.deadline-passed", new Dictionary<string, string>
            {
                ["ticket"] = h.TicketId.Value,
                ["deadline"] = h.Deadline.ToString(),
            }),
            ComplaintResponseOverdue c => new Notification(c.Id, "complaints-desk", "complaint.response-overdue", new Dictionary<string, string>
            {
                ["complaint"] = c.ComplaintId.Value,
                ["respondBy"] = c.RespondBy.ToString(),
            }),
            CallbackTransitioned { Transition.Trigger: CallbackTrigger.BecomeDue } d => new Notification(d.Id, "dialler", "callback.due", new Dictionary<string, string>
            {
                ["callback"] = d.Callback.Id.Value,
                ["purpose"] = d.Callback.Purpose.ToString(),
            }),
            _ => null,
        };

        return notification is null ? ValueTask.CompletedTask : sender.SendAsync(notification, cancellationToken);
    }
}
