using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Tickets;

/// <summary>One step of a random ticket script: a trigger and how many minutes pass before it.</summary>
public readonly record struct TicketStep(TicketTrigger Trigger, int MinutesLater);

/// <summary>A random sequence of ticket triggers, applied from a new ticket.</summary>
public sealed record TicketScript(TicketStep[] Steps)
{
    public override string ToString() => string.Join(" → ", Steps.Select(s => $"{s.Trigger}(+{s.MinutesLater}m)"));
}

/// <summary>Generators and sample commands for ticket tests.</summary>
public static class TicketArbitraries
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    public static Arbitrary<TicketScript> Scripts() =>
        (from trigger in Gen.Elements(Enum.GetValues<TicketTrigger>())
         from minutes in Gen.Elements(0, 5, 60, 24 * 60, 5 * 24 * 60, 8 * 24 * 60)
         select new TicketStep(trigger, minutes))
        .ArrayOf()
        .Select(steps => new TicketScript(steps))
        .ToArbitrary();

    /// <summary>A valid command for each trigger.</summary>
    public static TicketCommand CommandFor(TicketTrigger trigger) => trigger switch
    {
        TicketTrigger.Assign => new TicketCommand.Assign("agent-1"),
        TicketTrigger.Reassign => new TicketCommand.Reassign("agent-2"),
        TicketTrigger.AgentReply => new TicketCommand.AgentReply(),
        TicketTrigger.CustomerReply => new TicketCommand.CustomerReply(),
        TicketTrigger.WaitOnCustomer => new TicketCommand.WaitOnCustomer(),
        TicketTrigger.Dispatch => new TicketCommand.Dispatch("after-sales", Duration.FromHours(4)),
        TicketTrigger.WaitOnThirdParty => new TicketCommand.WaitOnThirdParty("carrier"),
        TicketTrigger.ReturnFromHold => new TicketCommand.ReturnFromHold(),
        TicketTrigger.Escalate => new TicketCommand.Escalate("needs-specialist"),
        TicketTrigger.Solve => new TicketCommand.Solve("FIXED") { FirstContact = true },
        TicketTrigger.Reopen => new TicketCommand.Reopen(),
        TicketTrigger.Close => new TicketCommand.Close(),
        TicketTrigger.AutoClose => new TicketCommand.AutoClose(),
        TicketTrigger.Merge => new TicketCommand.Merge(new TicketId("T-other")),
        TicketTrigger.Cancel => new TicketCommand.Cancel(TicketCancelReason.Spam),
        TicketTrigger.UpdateFacts => new TicketCommand.UpdateFacts { Priority = TicketPriority.Urgent },
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };

    public static Ticket NewTicket(string id = "T-1") =>
        Ticket.Create(new TicketId(id), ContactChannel.Phone, TicketCategory.Inquiry, TicketPriority.Normal, Start);
}
