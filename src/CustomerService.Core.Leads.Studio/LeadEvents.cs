using CustomerService.Core.Callbacks;
using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>Something that happened to a customer and may start a follow-up: a visit outcome, a booking, a callback outcome, a date to greet.</summary>
/// <param name="CustomerId">The customer's opaque id (never personal data).</param>
/// <param name="At">When it happened (a visit's outcome: when the customer left).</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public abstract record LeadEvent(string CustomerId, Instant At)
{
    /// <summary>Gets the customer's opaque id.</summary>
    /// <value>A non-empty id.</value>
    /// <exception cref="ArgumentException">Thrown when set to an empty value.</exception>
    public string CustomerId
    {
        get => _customerId;
        init => _customerId = CheckId(value, nameof(value));
    }

    private readonly string _customerId = CheckId(CustomerId, nameof(CustomerId));

    private static string CheckId(string id, string paramName) =>
        !string.IsNullOrWhiteSpace(id) ? id : throw new ArgumentException("A customer id must not be empty.", paramName);
}

/// <summary>How a store visit ended (成交 / 不成交).</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum VisitResult
{
    /// <summary>A deal paid in full (全额).</summary>
    FullPayment = 1,

    /// <summary>A deal with a deposit (订金); the playbook compares its share with the deposit threshold (30 %).</summary>
    Deposit = 2,

    /// <summary>No deal (不成交 / C单).</summary>
    NoDeal = 3,
}

/// <summary>A visit ended: the customer left with a deal paid in full, a deposit, or no deal.</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the customer left the store.</param>
/// <param name="Result">How the visit ended.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record VisitOutcome(string CustomerId, Instant At, VisitResult Result) : LeadEvent(CustomerId, At)
{
    /// <summary>Gets the deposit's share of the package price (0 to 1), for <see cref="VisitResult.Deposit"/>.</summary>
    /// <value>The default value is 0.</value>
    public decimal DepositShare { get; init; }

    /// <summary>Gets whether a customer who did not buy showed intent to return (回头的意向).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IntentToReturn { get; init; }

    /// <summary>Gets the package discussed (原谈套系), offered again with a small discount on the callback.</summary>
    /// <value>The package's key, or <see langword="null"/>.</value>
    public string? PackageDiscussed { get; init; }

    /// <summary>Creates the outcome of a deal paid in full.</summary>
    /// <param name="customerId">The customer's opaque id.</param>
    /// <param name="leftAt">When the customer left.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="customerId"/> is empty.</exception>
    public static VisitOutcome FullPayment(string customerId, Instant leftAt) => new(customerId, leftAt, VisitResult.FullPayment);

    /// <summary>Creates the outcome of a deal with a deposit.</summary>
    /// <param name="customerId">The customer's opaque id.</param>
    /// <param name="leftAt">When the customer left.</param>
    /// <param name="depositShare">The deposit's share of the price, greater than 0 and less than 1.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="customerId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="depositShare"/> is not in (0, 1).</exception>
    public static VisitOutcome Deposit(string customerId, Instant leftAt, decimal depositShare)
    {
        if (depositShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depositShare), "A deposit share must be greater than 0 and less than 1 (a full payment is FullPayment).");
        }

        return new(customerId, leftAt, VisitResult.Deposit) { DepositShare = depositShare };
    }

    /// <summary>Creates the outcome of a visit without a deal.</summary>
    /// <param name="customerId">The customer's opaque id.</param>
    /// <param name="leftAt">When the customer left.</param>
    /// <param name="intentToReturn">Whether the customer showed intent to return.</param>
    /// <param name="packageDiscussed">The package discussed, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="customerId"/> is empty.</exception>
    public static VisitOutcome NoDeal(string customerId, Instant leftAt, bool intentToReturn, string? packageDiscussed = null) =>
        new(customerId, leftAt, VisitResult.NoDeal) { IntentToReturn = intentToReturn, PackageDiscussed = packageDiscussed };
}

/// <summary>The kinds of studio appointment the desk reminds and thanks for.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum AppointmentKind
{
    /// <summary>The photo shoot (拍摄).</summary>
    Shooting = 1,

    /// <summary>Choosing the photos (选片).</summary>
    Selection = 2,

    /// <summary>Picking up the finished album (取件).</summary>
    Pickup = 3,

    /// <summary>Picking up the wedding dress (取衣).</summary>
    DressPickup = 4,
}

/// <summary>An appointment was booked: remind the day before, thank afterwards.</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When it was booked.</param>
/// <param name="Kind">The appointment's kind.</param>
/// <param name="AppointmentAt">When the appointment starts.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record AppointmentBooked(string CustomerId, Instant At, AppointmentKind Kind, Instant AppointmentAt) : LeadEvent(CustomerId, At);

/// <summary>How a follow-up call ended.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum FollowUpCallResult
{
    /// <summary>The customer came back or booked a visit to sign (回头).</summary>
    Returned = 1,

    /// <summary>The customer was reached but did not come back.</summary>
    NotReturned = 2,

    /// <summary>The customer could not be reached.</summary>
    NotReached = 3,
}

/// <summary>A follow-up call of the no-deal playbook ended.</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the call ended.</param>
/// <param name="Attempt">1 for the same-afternoon call, 2 for the next-day call.</param>
/// <param name="Result">How it ended.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record FollowUpCallOutcome(string CustomerId, Instant At, int Attempt, FollowUpCallResult Result) : LeadEvent(CustomerId, At)
{
    /// <summary>Gets the time booked on the first call for the second one (第一次一定要约好时间).</summary>
    /// <value>The booked instant, or <see langword="null"/> when none was booked.</value>
    public Instant? NextCallAt { get; init; }

    /// <summary>Reads the outcome of a follow-up call from the callback lifecycle once the callback has ended.</summary>
    /// <param name="customerId">The customer's opaque id.</param>
    /// <param name="callback">The ended callback: completed (converted → returned, any other outcome → not returned), cancelled by the customer (not returned), or exhausted, fallback sent or failed (not reached).</param>
    /// <param name="attempt">1 for the same-afternoon call, 2 for the next-day call.</param>
    /// <param name="nextCallAt">The time booked for the second call, if any.</param>
    /// <returns>The event to plan from.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="callback"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the callback has not ended yet, or <paramref name="customerId"/> is empty.</exception>
    public static FollowUpCallOutcome FromCallback(string customerId, Callback callback, int attempt, Instant? nextCallAt = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var result = callback.State switch
        {
            CallbackState.Completed when callback.Outcome == CallbackOutcome.Converted => FollowUpCallResult.Returned,
            CallbackState.Completed or CallbackState.Cancelled => FollowUpCallResult.NotReturned,
            CallbackState.Exhausted or CallbackState.FallbackSent or CallbackState.Failed => FollowUpCallResult.NotReached,
            _ => (FollowUpCallResult)0,
        };
        if (result == 0)
        {
            throw new ArgumentException($"Callback {callback.Id} has not ended (state {callback.State}).", nameof(callback));
        }

        var endedAt = callback.EndedAt ?? (callback.History.Count > 0 ? callback.History[^1].At : callback.RequestedAt);
        return new FollowUpCallOutcome(customerId, endedAt, attempt, result) { NextCallAt = nextCallAt };
    }
}

/// <summary>The customer's wedding date is known: congratulate on the day, greet on the first anniversary.</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the date became known.</param>
/// <param name="WeddingDate">The wedding date.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record WeddingDateSet(string CustomerId, Instant At, LocalDate WeddingDate) : LeadEvent(CustomerId, At);

/// <summary>The customer's birthday is known: greet on its next occurrence.</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the plan is made.</param>
/// <param name="Birthday">The date of birth (personal data: never printed; only the greeting's send-at appears in a plan).</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record BirthdayKnown(string CustomerId, Instant At, LocalDate Birthday) : LeadEvent(CustomerId, At)
{
    /// <summary>Prints the members, with the birthday redacted.</summary>
    /// <param name="builder">The builder the generated <see cref="object.ToString"/> passes.</param>
    /// <returns><see langword="true"/>.</returns>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append(", Birthday = ***");
        return true;
    }
}

/// <summary>A festival is coming: greet the customer on the day.</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the plan is made.</param>
/// <param name="Festival">The festival's key (for example <c>mid-autumn</c>), appended to the greeting template key.</param>
/// <param name="Date">The festival's date.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record FestivalComing(string CustomerId, Instant At, string Festival, LocalDate Date) : LeadEvent(CustomerId, At);

/// <summary>The week's care message is due for an active customer (平日的短信息问候、祝福、温馨提醒, 至少要保证每周一条).</summary>
/// <remarks>
/// The plan sends the playbook's weekly care message unless the customer already had a message in the same ISO week
/// (Monday to Sunday in the sending-hours zone): <see cref="LastMessageAt"/> is what the host's message log says.
/// <see cref="ForActiveCustomers"/> makes the events for the profiles the desk follows.
/// </remarks>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the plan is made (run it early in the week: a message moved past Sunday by quiet hours goes out the next week).</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record WeeklyCareDue(string CustomerId, Instant At) : LeadEvent(CustomerId, At)
{
    /// <summary>Gets when the customer was last sent a message.</summary>
    /// <value>The instant, or <see langword="null"/> when never (or unknown).</value>
    public Instant? LastMessageAt { get; init; }

    /// <summary>Makes the weekly care events of the active customers: profiles marked A, B or C (新婚客, 新人客, 新兵客, the customers the desk follows) that hold no reclassification.</summary>
    /// <remarks>D customers (given up, or the playbook's D after two failed calls) and unsorted ones (no wedding date yet) get none.</remarks>
    /// <param name="profiles">The profiles, for example from <see cref="ICustomerProfileStore.ListAsync"/>.</param>
    /// <param name="at">When the plans are made.</param>
    /// <param name="lastMessageAt">When each customer was last sent a message, by id; customers missing from it have had none.</param>
    /// <returns>One event per active customer, in the profiles' order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="profiles"/> or <paramref name="lastMessageAt"/> is <see langword="null"/>, or a profile is.</exception>
    public static IReadOnlyList<WeeklyCareDue> ForActiveCustomers(IEnumerable<CustomerProfile> profiles, Instant at, IReadOnlyDictionary<string, Instant> lastMessageAt)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(lastMessageAt);
        var due = new List<WeeklyCareDue>();
        foreach (var profile in profiles)
        {
            ArgumentNullException.ThrowIfNull(profile, nameof(profiles));
            if (profile.Reclassification is null && profile.Segment is StudioSegments.A or StudioSegments.B or StudioSegments.C)
            {
                due.Add(new WeeklyCareDue(profile.Id, at) { LastMessageAt = lastMessageAt.TryGetValue(profile.Id, out var last) ? last : null });
            }
        }

        return due;
    }
}

/// <summary>The company's anniversary is coming: greet the customer on its next occurrence (公司成立日等对客户重要的日子, 要及时地问候).</summary>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the plan is made.</param>
/// <param name="Founded">The date the company was founded.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record CompanyAnniversaryComing(string CustomerId, Instant At, LocalDate Founded) : LeadEvent(CustomerId, At);

/// <summary>The manager allowed a walk-in the desk marks "very D" the surprise packages (非常D的顾客可申请刘经理): an exception recorded in the customer's history.</summary>
/// <remarks>
/// Surprise packages are otherwise only for customers reached by a follow-up call; the plan is a call offering every
/// surprise package effective that day, those reserved for called-back customers included. Apply the plan with
/// <see cref="LeadSegmentationService.ApplyAsync"/> to record the decision in the segment history; the customer's
/// segment does not change.
/// </remarks>
/// <param name="CustomerId">The customer's opaque id.</param>
/// <param name="At">When the manager decided.</param>
/// <param name="ApprovedBy">The manager's staff id (never a customer's personal data), recorded in the history.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record SurprisePackageApproved(string CustomerId, Instant At, string ApprovedBy) : LeadEvent(CustomerId, At)
{
    /// <summary>Gets the manager's staff id.</summary>
    /// <value>A non-empty id.</value>
    /// <exception cref="ArgumentException">Thrown when set to an empty value.</exception>
    public string ApprovedBy
    {
        get => _approvedBy;
        init => _approvedBy = !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException("The manager's exception needs the manager's staff id.", nameof(value));
    }

    private readonly string _approvedBy = !string.IsNullOrWhiteSpace(ApprovedBy) ? ApprovedBy : throw new ArgumentException("The manager's exception needs the manager's staff id.", nameof(ApprovedBy));
}
