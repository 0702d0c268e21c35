using CustomerService.Core;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Storage;
using CustomerService.HelpDesk.Board;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.HelpDesk.Api;

/// <summary>What the desk knows about a prospect; no name, phone or address is needed to segment one.</summary>
public sealed record SegmentRequest(string? CustomerId, bool? HasPartner, bool? Married, string? WeddingDate, bool? OrderCustomer);

/// <summary>The customer's segment after the request; <c>HeldBy</c> names the reclassification that holds it (the rules did not place it), <c>Version</c> is the stored profile's version.</summary>
public sealed record SegmentView(string CustomerId, string Segment, string? Rule, IReadOnlyList<string> Evidence, string? HeldBy, long Version);

public sealed record SegmentHistoryView(string Segment, string RuleSet, string? Rule, string Today, string At, string? Reason);

/// <summary>A stored customer as the desk sees it: segment, what holds it, and the history of its segments (no personal data).</summary>
public sealed record CustomerView(string CustomerId, string? Segment, string? WeddingDate, bool? HasPartner, bool? Married, bool OrderCustomer, string? Reclassification, long Version, IReadOnlyList<SegmentHistoryView> History);

public sealed record VisitRequest(string? CustomerId, VisitResult? Result, decimal? DepositShare, bool? IntentToReturn, string? PackageDiscussed);

public sealed record CallOutcomeRequest(string? CustomerId, int? Attempt, FollowUpCallResult? Result, string? NextCallAt);

public sealed record PlanStepView(string At, string AtLocal, string Kind, string? Template, string? Script, IReadOnlyList<string>? Offers, string? CallbackId, string? Segment, string? Reason);

public sealed record PlanView(string CustomerId, IReadOnlyList<PlanStepView> Steps);

/// <summary>
/// The wedding studio's desk: segment a prospect (A/B/C/D by wedding date and partner), and record what happened — a
/// visit or a follow-up call — to get the playbook's planned outreach. The plan's calls become callbacks of the callback
/// lifecycle (so they show on the dashboard when due), and each event counts in the desk's daily report.
/// </summary>
public static class LeadApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads");
        // The customer's facts are kept in the profile store (the same database as the tickets); segmenting updates the
        // stored facts and records a history entry when the segment changes. A reclassification (D after two unanswered
        // follow-up calls) holds the segment until the customer comes back.
        leads.MapPost("/segment", async (SegmentRequest body, SegmentationRuleSet rules, Desk desk, ICustomerProfileStore profiles) =>
        {
            var customerId = Fields.Required(body.CustomerId, "customerId");
            var weddingDate = Fields.Date(body.WeddingDate, "weddingDate");
            for (var attempt = 0; ; attempt++)
            {
                var stored = await profiles.FindAsync(customerId);
                var profile = (stored ?? new CustomerProfile(customerId)) with
                {
                    WeddingDate = weddingDate ?? stored?.WeddingDate,
                    HasPartner = body.HasPartner ?? stored?.HasPartner,
                    Married = body.Married ?? stored?.Married,
                    OrderCustomer = body.OrderCustomer ?? stored?.OrderCustomer ?? false,
                };
                var row = StudioSegmentation.Schema.CreateRow();
                StudioSegmentation.WriteFacts(profile, row);
                var explanation = rules.For(desk.Today).Explain(row);
                var decision = explanation.Decision;
                var rule = decision.RuleIndex >= 0 ? rules.Rules[decision.RuleIndex].Name : null;
                var evidence = explanation.Matches.Where(m => m.RuleName == rule).SelectMany(m => m.Evidence).Select(e => e.ToString()).ToArray();
                var held = profile.Reclassification;
                var segment = held?.Segment ?? decision.Segment;
                var assignment = held is null && !string.Equals(segment, stored?.Segment, StringComparison.Ordinal)
                    ? new SegmentAssignment(rules.Name, segment, rule, desk.Today, desk.Now)
                    : null;
                try
                {
                    var version = await profiles.SaveAsync(profile with { Segment = segment }, stored?.Version, assignment);
                    return Results.Ok(new SegmentView(customerId, segment, held is null ? rule : null, held is null ? evidence : [], held?.Reason, version));
                }
                catch (ConcurrencyConflictException) when (attempt < 3)
                {
                    // Another request saved this customer meanwhile: read it again and re-apply the facts.
                }
            }
        });

        leads.MapGet("/customers/{id}", async (string id, ICustomerProfileStore profiles) =>
        {
            var profile = await profiles.FindAsync(id) ?? throw new EntityNotFoundException(CustomerProfile.EntityKind, id);

            var history = await profiles.GetSegmentHistoryAsync(id);
            return Results.Ok(new CustomerView(
                profile.Id, profile.Segment, profile.WeddingDate is { } date ? LocalDatePattern.Iso.Format(date) : null, profile.HasPartner, profile.Married, profile.OrderCustomer,
                profile.Reclassification?.Reason, profile.Version,
                [.. history.Select(h => new SegmentHistoryView(h.Segment, h.RuleSet, h.Rule, LocalDatePattern.Iso.Format(h.Today), InstantPattern.ExtendedIso.Format(h.At), h.Reason))]));
        });

        leads.MapPost("/visits", async (VisitRequest body, Desk desk, OutreachPlanner planner, LeadSegmentationService segmentation, ICallbackService callbacks, BoardStore board) =>
        {
            var customerId = Fields.Required(body.CustomerId, "customerId");
            var now = desk.Now;
            VisitOutcome visit = Fields.Required(body.Result, "result") switch
            {
                VisitResult.FullPayment => VisitOutcome.FullPayment(customerId, now),
                VisitResult.Deposit => VisitOutcome.Deposit(customerId, now, Share(body.DepositShare)),
                _ => VisitOutcome.NoDeal(customerId, now, body.IntentToReturn ?? false, body.PackageDiscussed),
            };
            var deal = visit.Result == VisitResult.NoDeal ? DeskEventKind.NoDeal : DeskEventKind.Deal;
            await board.AddDeskEventsAsync([new DeskEvent(now, DeskEventKind.Visit, customerId), new DeskEvent(now, deal, customerId)]);
            return Results.Ok(await PlanAsync(planner.Plan(visit), planner, segmentation, desk, callbacks));
        });

        leads.MapPost("/calls", async (CallOutcomeRequest body, Desk desk, OutreachPlanner planner, LeadSegmentationService segmentation, ICallbackService callbacks, BoardStore board) =>
        {
            var customerId = Fields.Required(body.CustomerId, "customerId");
            var attempt = Fields.Required(body.Attempt, "attempt");
            if (attempt is < 1 or > 2)
            {
                throw new BadFieldException("attempt", "must be 1 or 2 (the playbook makes two follow-up calls).");
            }

            var outcome = new FollowUpCallOutcome(customerId, desk.Now, attempt, Fields.Required(body.Result, "result"))
            {
                NextCallAt = body.NextCallAt is null ? null : Fields.Instant(body.NextCallAt, "nextCallAt"),
            };
            await board.AddDeskEventsAsync([new DeskEvent(desk.Now, DeskEventKind.Callback, customerId)]);
            return Results.Ok(await PlanAsync(planner.Plan(outcome), planner, segmentation, desk, callbacks));
        });
    }

    private static decimal Share(decimal? share) =>
        Fields.Required(share, "depositShare") is > 0m and < 1m and var s ? s : throw new BadFieldException("depositShare", "must be between 0 and 1 (0.3 is 30 %).");

    /// <summary>
    /// Applies the plan to the stored profile (its reclassification, or the lifting of one when the customer came back) and
    /// turns it into the API's view, requesting and scheduling a callback for each planned call.
    /// </summary>
    private static async Task<PlanView> PlanAsync(OutreachPlan plan, OutreachPlanner planner, LeadSegmentationService segmentation, Desk desk, ICallbackService callbacks)
    {
        await segmentation.ApplyAsync(plan, planner.Playbook.Name);
        var steps = new List<PlanStepView>();
        foreach (var step in plan.Steps)
        {
            var at = InstantPattern.ExtendedIso.Format(step.At);
            var local = desk.Local(step.At);
            switch (step.Kind)
            {
                case OutreachStepKind.Message:
                    steps.Add(new PlanStepView(at, local, "message", step.Message!.TemplateKey, null, null, null, null, null));
                    break;
                case OutreachStepKind.Callback:
                    var request = step.Callback!;
                    var id = new CallbackId(Fields.NewId("CB"));
                    var purpose = request.ToCallback(id, desk.Zone, desk.Now).Purpose;
                    await callbacks.RequestAsync(id, new CallbackDetails(purpose, desk.Zone), "studio-playbook");
                    await callbacks.ExecuteAsync(id, request.ToScheduleCommand(), "studio-playbook");
                    steps.Add(new PlanStepView(at, local, "call", null, request.ScriptKey, request.OfferKeys, id.Value, null, null));
                    break;
                default:
                    var reclassification = step.Reclassification!;
                    steps.Add(new PlanStepView(at, local, "reclassification", null, null, null, null, reclassification.Segment, reclassification.Reason));
                    break;
            }
        }

        return new PlanView(plan.CustomerId, steps);
    }
}
