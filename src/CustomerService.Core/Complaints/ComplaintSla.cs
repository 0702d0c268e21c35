using CustomerService.Core.Sla;
using NodaTime;

namespace CustomerService.Core.Complaints;

/// <summary>Maps complaint transitions to SLA clock events: acknowledgement and final response.</summary>
internal static class ComplaintSla
{
    /// <summary>Complaints carry no priority of their own; their clocks use the policy's <c>Normal</c> (or default) targets.</summary>
    public static readonly SlaPriority Priority = SlaPriority.Normal;

    public static Complaint Receive(Complaint complaint, SlaCatalog catalog)
    {
        var tracker = SlaTracker.Begin(catalog.GetComplaintPolicy(), Priority, complaint.ReceivedAt);
        if (tracker is null)
        {
            return complaint;
        }

        var id = complaint.Id.Value!;
        tracker.Start(id, SlaMetric.Acknowledgement, null);
        tracker.Start(id, SlaMetric.FinalResponse, null);
        return complaint with { Sla = tracker.Finish(tracker.PolicyName) };
    }

    public static (Complaint Complaint, IReadOnlyList<SlaCrossing> Crossings) Transition(Complaint next, ComplaintTrigger trigger, SlaCatalog catalog, Instant now)
    {
        var tracker = SlaTracker.Resume(next.Sla, catalog, now);
        if (tracker is null)
        {
            return (next, []);
        }

        switch (trigger)
        {
            case ComplaintTrigger.Acknowledge:
                tracker.Append(SlaMetric.Acknowledgement, SlaClockEventKind.Met);
                break;
            case ComplaintTrigger.GiveFinalResponse or ComplaintTrigger.Close or ComplaintTrigger.ReferExternally:
                tracker.Append(SlaMetric.Acknowledgement, SlaClockEventKind.Met);
                tracker.Append(SlaMetric.FinalResponse, SlaClockEventKind.Met);
                break;
            case ComplaintTrigger.Withdraw:
                tracker.AppendToOpen(SlaClockEventKind.Cancelled);
                break;
        }

        return (next with { Sla = tracker.Finish(tracker.PolicyName) }, tracker.Crossings);
    }

    public static (Complaint Complaint, IReadOnlyList<SlaCrossing> Crossings)? Evaluate(Complaint complaint, SlaCatalog catalog, Instant now)
    {
        if (complaint.Sla is null || now <= complaint.Sla.CheckedAt)
        {
            return null;
        }

        var tracker = SlaTracker.Resume(complaint.Sla, catalog, now, refresh: true);
        return tracker is null ? null : (complaint with { Sla = tracker.Finish(tracker.PolicyName) }, tracker.Crossings);
    }
}
