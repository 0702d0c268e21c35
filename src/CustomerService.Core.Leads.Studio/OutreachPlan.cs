using CustomerService.Core.Callbacks;
using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>How a message reaches the customer.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum OutreachChannel
{
    /// <summary>A text message (短信), the studio's channel.</summary>
    Sms = 1,

    /// <summary>A WeChat message.</summary>
    WeChat = 2,

    /// <summary>An e-mail.</summary>
    Email = 3,
}

/// <summary>Why a message is sent or a call is made.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum OutreachPurpose
{
    /// <summary>Thank-you after a deal paid in full (致谢信息).</summary>
    ThankYou = 1,

    /// <summary>Quality-and-service message after a deal with a deposit of at least the threshold (品质服务信息).</summary>
    QualityAndService = 2,

    /// <summary>Thanks, quality and service message after a deal with a smaller deposit (致谢, 质量, 服务信息).</summary>
    ThanksQualityAndService = 3,

    /// <summary>Apology after a visit without a deal (致歉信息).</summary>
    Apology = 4,

    /// <summary>Same-afternoon follow-up call with a small discount on the package discussed.</summary>
    WinBackCall = 5,

    /// <summary>Next-day follow-up call at the booked time, with the current surprise packages.</summary>
    SurprisePackageCall = 6,

    /// <summary>Reminder the day before an appointment (短信提醒).</summary>
    Reminder = 7,

    /// <summary>Thanks after an appointment (致谢).</summary>
    ThanksAfterAppointment = 8,

    /// <summary>Congratulations on the wedding day (祝贺).</summary>
    WeddingCongratulations = 9,

    /// <summary>Birthday greeting (生日贺信).</summary>
    BirthdayGreeting = 10,

    /// <summary>Wedding-anniversary greeting (结婚纪念日贺信).</summary>
    AnniversaryGreeting = 11,

    /// <summary>Festival greeting (节日祝福).</summary>
    FestivalGreeting = 12,

    /// <summary>Information call the day after an album or dress pickup (对昨天取件, 取衣的顾客进行信息电访追踪).</summary>
    AfterPickupCall = 13,

    /// <summary>The weekly care message to an active customer: a greeting, a reminder or news, at least one a week (至少要保证每周一条).</summary>
    WeeklyCare = 14,

    /// <summary>Greeting on the company's anniversary (公司成立日).</summary>
    CompanyAnniversaryGreeting = 15,

    /// <summary>Call offering the surprise packages to a walk-in the manager made an exception for (非常D的顾客可申请).</summary>
    ManagerExceptionCall = 16,
}

/// <summary>A message to send: template, channel and the instant to send it, already moved out of quiet hours.</summary>
/// <param name="Purpose">Why it is sent.</param>
/// <param name="TemplateKey">The message template's key; the host's message adapter renders it.</param>
/// <param name="Channel">The channel.</param>
/// <param name="SendAt">When to send it: inside the sending hours.</param>
/// <param name="RequestedAt">When the playbook asked for it, before quiet hours moved it (equal to <paramref name="SendAt"/> when it was already inside).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record PlannedMessage(OutreachPurpose Purpose, string TemplateKey, OutreachChannel Channel, Instant SendAt, Instant RequestedAt)
{
    /// <summary>Gets a value indicating whether quiet hours moved the message.</summary>
    /// <value><see langword="true"/> when <see cref="SendAt"/> differs from <see cref="RequestedAt"/>.</value>
    public bool MovedByQuietHours => SendAt != RequestedAt;
}

/// <summary>A follow-up call the playbook asks for: plain data that the host (or the callback service) turns into a callback.</summary>
/// <param name="Purpose">Why the call is made.</param>
/// <param name="Attempt">1 for the same-afternoon call, 2 for the next-day call.</param>
/// <param name="Due">When the call is due: starts inside open hours.</param>
/// <param name="OfferKeys">The offers to make on the call (a small discount on the package discussed, or the current surprise packages).</param>
/// <param name="ScriptKey">The call script's key.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record CallbackRequest(OutreachPurpose Purpose, int Attempt, Interval Due, IReadOnlyList<string> OfferKeys, string ScriptKey)
{
    /// <summary>Creates the callback for this request in the callback lifecycle (state requested; purpose <see cref="CallbackPurpose.NoDealFollowUp"/> for the no-deal calls, <see cref="CallbackPurpose.SatisfactionCheck"/> for the call after a pickup).</summary>
    /// <param name="id">The new callback's id.</param>
    /// <param name="contactTimeZone">The customer's time zone.</param>
    /// <param name="requestedAt">When the plan was made.</param>
    /// <returns>The callback; schedule it with <see cref="ToScheduleCommand"/> through <see cref="CallbackLifecycle.Apply"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="contactTimeZone"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="id"/> is the default value.</exception>
    public Callback ToCallback(CallbackId id, DateTimeZone contactTimeZone, Instant requestedAt) =>
        Callback.Create(id, Purpose == OutreachPurpose.AfterPickupCall ? CallbackPurpose.SatisfactionCheck : CallbackPurpose.NoDealFollowUp, contactTimeZone, requestedAt);

    /// <summary>Creates the lifecycle command that schedules the callback for <see cref="Due"/>.</summary>
    /// <returns>The schedule command.</returns>
    public CallbackCommand.Schedule ToScheduleCommand() => new(Due.Start, Due.End);
}

/// <summary>A segment change the playbook (or the desk) decides: the customer becomes <see cref="Segment"/> and stays there until the customer comes back.</summary>
/// <remarks>
/// A reclassification is sticky: <see cref="LeadSegmentationService.ResegmentAllAsync"/> leaves a profile that holds
/// one (<see cref="CustomerProfile.Reclassification"/>) in its segment, whatever the rules say, until it is lifted —
/// by an event for which <see cref="IsLiftedBy"/> is true, applied with <see cref="LeadSegmentationService.ApplyAsync"/>,
/// or by the desk with <see cref="LeadSegmentationService.LiftReclassificationAsync"/>.
/// </remarks>
/// <param name="Segment">The new segment (the studio's D).</param>
/// <param name="Reason">Why, free of personal data.</param>
/// <param name="At">When it was decided.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record Reclassification(string Segment, string Reason, Instant At)
{
    /// <summary>Returns whether an event lifts this reclassification: the customer came back after it was decided.</summary>
    /// <remarks>
    /// Lifting events, strictly after <see cref="At"/>: a store visit (<see cref="VisitOutcome"/>, whatever its result —
    /// the customer walked in again), a booked appointment (<see cref="AppointmentBooked"/> — shootings, selections and
    /// pickups are for order customers), or a follow-up call that brought the customer back
    /// (<see cref="FollowUpCallOutcome"/> with <see cref="FollowUpCallResult.Returned"/>). Greetings and dates learnt
    /// (<see cref="WeddingDateSet"/>, <see cref="BirthdayKnown"/>, <see cref="FestivalComing"/>) are the desk's doing,
    /// not the customer's, and lift nothing; neither does a call that did not bring the customer back.
    /// </remarks>
    /// <param name="leadEvent">The event.</param>
    /// <returns><see langword="true"/> when the event lifts the reclassification.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="leadEvent"/> is <see langword="null"/>.</exception>
    public bool IsLiftedBy(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        return leadEvent.At > At && leadEvent is VisitOutcome or AppointmentBooked or FollowUpCallOutcome { Result: FollowUpCallResult.Returned };
    }
}

/// <summary>What an <see cref="OutreachStep"/> holds.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum OutreachStepKind
{
    /// <summary>A message.</summary>
    Message = 1,

    /// <summary>A follow-up call request.</summary>
    Callback = 2,

    /// <summary>A reclassification.</summary>
    Reclassification = 3,
}

/// <summary>One step of a plan, in time order: exactly one of <see cref="Message"/>, <see cref="Callback"/> and <see cref="Reclassification"/> is set, as <see cref="Kind"/> says.</summary>
/// <param name="At">The step's time: a message's send-at, a call's due start, a reclassification's instant.</param>
/// <param name="Kind">What the step holds.</param>
/// <param name="Message">The message, for <see cref="OutreachStepKind.Message"/>.</param>
/// <param name="Callback">The call request, for <see cref="OutreachStepKind.Callback"/>.</param>
/// <param name="Reclassification">The reclassification, for <see cref="OutreachStepKind.Reclassification"/>.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record OutreachStep(Instant At, OutreachStepKind Kind, PlannedMessage? Message, CallbackRequest? Callback, Reclassification? Reclassification);

/// <summary>The outreach a playbook plans for one event: messages, call requests and a possible reclassification, ordered by time.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class OutreachPlan
{
    internal OutreachPlan(LeadEvent trigger, List<OutreachStep> steps)
    {
        Trigger = trigger;
        Steps = steps.OrderBy(s => s.At).ThenBy(s => s.Kind).ToArray();
        Messages = Steps.Where(s => s.Message is not null).Select(s => s.Message!).ToArray();
        Callbacks = Steps.Where(s => s.Callback is not null).Select(s => s.Callback!).ToArray();
        Reclassification = Steps.Select(s => s.Reclassification).FirstOrDefault(r => r is not null);
    }

    /// <summary>Gets the event the plan answers.</summary>
    /// <value>The event.</value>
    public LeadEvent Trigger { get; }

    /// <summary>Gets the customer's opaque id.</summary>
    /// <value>The id.</value>
    public string CustomerId => Trigger.CustomerId;

    /// <summary>Gets every step, ordered by time (messages before calls at the same instant).</summary>
    /// <value>The steps.</value>
    public IReadOnlyList<OutreachStep> Steps { get; }

    /// <summary>Gets the messages, ordered by send-at.</summary>
    /// <value>The messages.</value>
    public IReadOnlyList<PlannedMessage> Messages { get; }

    /// <summary>Gets the call requests, ordered by due start.</summary>
    /// <value>The requests.</value>
    public IReadOnlyList<CallbackRequest> Callbacks { get; }

    /// <summary>Gets the reclassification the playbook asks for.</summary>
    /// <value>The reclassification, or <see langword="null"/>.</value>
    public Reclassification? Reclassification { get; }

    /// <summary>Gets a value indicating whether the plan does nothing.</summary>
    /// <value><see langword="true"/> when there are no steps.</value>
    public bool IsEmpty => Steps.Count == 0;

    /// <summary>Describes the plan by customer id and step count (no personal data).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"Plan for {CustomerId}: {Steps.Count} steps";
}
