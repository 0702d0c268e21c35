using CustomerService.Core.Complaints;
using CustomerService.Core.Tickets;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Complaints;

/// <summary>A random sequence of complaint triggers, applied from a received complaint.</summary>
public sealed record ComplaintScript(ComplaintTrigger[] Triggers)
{
    public override string ToString() => string.Join(" → ", Triggers);
}

/// <summary>Generators and sample commands for complaint tests.</summary>
public static class ComplaintArbitraries
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    public static readonly ComplaintAssessment Assessment = new(ComplaintSeverity.High, ComplaintCategory.Product, ComplaintRootCause.ProductQuality);

    public static readonly ComplaintRemedy Refund = new(RemedyKind.Refund, 199.00m, "CNY");

    public static Arbitrary<ComplaintScript> Scripts() =>
        Gen.Elements(Enum.GetValues<ComplaintTrigger>()).ArrayOf().Select(t => new ComplaintScript(t)).ToArbitrary();

    public static ComplaintCommand CommandFor(ComplaintTrigger trigger) => trigger switch
    {
        ComplaintTrigger.Acknowledge => new ComplaintCommand.Acknowledge(Start + Duration.FromDays(30)),
        ComplaintTrigger.Investigate => new ComplaintCommand.Investigate(),
        ComplaintTrigger.Assess => new ComplaintCommand.Assess(Assessment),
        ComplaintTrigger.ProposeRemedy => new ComplaintCommand.ProposeRemedy(Refund),
        ComplaintTrigger.AcceptRemedy => new ComplaintCommand.AcceptRemedy(),
        ComplaintTrigger.RejectRemedy => new ComplaintCommand.RejectRemedy(),
        ComplaintTrigger.Dismiss => new ComplaintCommand.Dismiss("NOT-UPHELD"),
        ComplaintTrigger.FulfilRemedy => new ComplaintCommand.FulfilRemedy(),
        ComplaintTrigger.StartFollowUp => new ComplaintCommand.StartFollowUp(),
        ComplaintTrigger.Close => new ComplaintCommand.Close(Satisfied: true),
        ComplaintTrigger.Appeal => new ComplaintCommand.Appeal(),
        ComplaintTrigger.GiveFinalResponse => new ComplaintCommand.GiveFinalResponse(new ComplaintRemedy(RemedyKind.Explanation, null, null)),
        ComplaintTrigger.AcceptFinalResponse => new ComplaintCommand.AcceptFinalResponse(),
        ComplaintTrigger.ReferExternally => new ComplaintCommand.ReferExternally("consumer-association"),
        ComplaintTrigger.Withdraw => new ComplaintCommand.Withdraw(),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };

    public static Complaint NewComplaint(string id = "C-1") => Complaint.Create(new ComplaintId(id), new ComplaintOrigin(ContactChannel.Phone), Start);
}
