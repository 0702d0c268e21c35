using NodaTime;

namespace CustomerService.Core.Leads.Studio;

/// <summary>The wedding photo studio's prospect marks, A to D, and the mark for prospects the desk cannot place yet.</summary>
/// <threadsafety>This type holds constants only.</threadsafety>
public static class StudioSegments
{
    /// <summary>A — 新婚客 (newly-wed): the wedding is within the next six months.</summary>
    public const string A = "A";

    /// <summary>B — 新人客 (new couple): the wedding is within a year (and not within six months).</summary>
    public const string B = "B";

    /// <summary>C — 新兵客 (recruit): the wedding is within two to three years, read as "more than a year and at most three years away".</summary>
    public const string C = "C";

    /// <summary>D — no boyfriend or girlfriend yet, or already married.</summary>
    public const string D = "D";

    /// <summary>U — unsorted: a couple whose wedding date is unknown or more than three years away (the studio's list names no mark for them).</summary>
    public const string Unsorted = "U";
}

/// <summary>The studio's built-in A/B/C/D segmentation rule set and the facts it reads.</summary>
/// <remarks>
/// <para>Rules, tried in order (first match wins), with "today" counted in the studio's zone and periods added with
/// NodaTime's <see cref="LocalDate.Plus(Period)"/> (a day that does not exist in the target month is clamped to the
/// month's last day: 31 August + 6 months = 28 February, or 29 February in a leap year; 29 February + 1 year = 28 February):</para>
/// <list type="number">
/// <item><c>NoPartner</c> → D: <c>HasPartner</c> is false.</item>
/// <item><c>AlreadyMarried</c> → D: <c>Married</c> is true.</item>
/// <item><c>WeddingPassed</c> → D: <c>WeddingDate</c> &lt; today (a wedding today is still A).</item>
/// <item><c>WithinSixMonths</c> → A: <c>WeddingDate</c> ≤ today + 6 months.</item>
/// <item><c>WithinAYear</c> → B: <c>WeddingDate</c> ≤ today + 1 year.</item>
/// <item><c>OrderCustomer</c> → B: <c>OrderCustomer</c> is true (order customers are marked only A, B or D; an order
/// customer who is not A or D is B, whatever the date).</item>
/// <item><c>WithinThreeYears</c> → C: <c>WeddingDate</c> ≤ today + 3 years. The source says C marries "二、三年之内"
/// (within two or three years); "之内" is an upper bound, so C starts where B ends (more than a year away) and
/// ends at three years — nobody falls between B and C.</item>
/// <item>Otherwise → U (unsorted): wedding date unknown or more than three years away.</item>
/// </list>
/// </remarks>
/// <threadsafety>This type is thread-safe; the rule sets it builds are immutable.</threadsafety>
public static class StudioSegmentation
{
    /// <summary>The name of the date fact: the planned (or past) wedding date.</summary>
    public const string WeddingDate = "WeddingDate";

    /// <summary>The name of the flag fact: the customer has a boyfriend, girlfriend or fiancé(e).</summary>
    public const string HasPartner = "HasPartner";

    /// <summary>The name of the flag fact: the customer is already married.</summary>
    public const string Married = "Married";

    /// <summary>The name of the flag fact: the customer placed an order (signed a contract).</summary>
    public const string OrderCustomer = "OrderCustomer";

    /// <summary>Gets the schema of the studio rules: <c>WeddingDate</c>, <c>HasPartner</c>, <c>Married</c>, <c>OrderCustomer</c>, in that order.</summary>
    /// <value>The schema.</value>
    public static FactSchema Schema { get; } = FactSchema.CreateBuilder()
        .AddDate(WeddingDate)
        .AddFlag(HasPartner)
        .AddFlag(Married)
        .AddFlag(OrderCustomer)
        .Build();

    /// <summary>Builds the studio's rule set for a zone.</summary>
    /// <param name="zone">The studio's zone (for example <c>Asia/Shanghai</c>).</param>
    /// <returns>The rule set, named <c>studio-abcd</c>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    public static SegmentationRuleSet CreateRuleSet(DateTimeZone zone) =>
        SegmentationRuleSet.CreateBuilder("studio-abcd", Schema, zone)
            .AddRule("NoPartner", StudioSegments.D, RuleCondition.IsFalse(HasPartner))
            .AddRule("AlreadyMarried", StudioSegments.D, RuleCondition.IsTrue(Married))
            .AddRule("WeddingPassed", StudioSegments.D, RuleCondition.DateBefore(WeddingDate, Period.Zero))
            .AddRule("WithinSixMonths", StudioSegments.A, RuleCondition.DateOnOrBefore(WeddingDate, Period.FromMonths(6)))
            .AddRule("WithinAYear", StudioSegments.B, RuleCondition.DateOnOrBefore(WeddingDate, Period.FromYears(1)))
            .AddRule("OrderCustomer", StudioSegments.B, RuleCondition.IsTrue(OrderCustomer))
            .AddRule("WithinThreeYears", StudioSegments.C, RuleCondition.DateOnOrBefore(WeddingDate, Period.FromYears(3)))
            .Otherwise(StudioSegments.Unsorted)
            .Build();

    /// <summary>Writes a profile's studio facts into a reusable row (no allocation).</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="row">A row of at least <see cref="FactSchema.Count"/> values of <see cref="Schema"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="row"/> is too short.</exception>
    public static void WriteFacts(CustomerProfile profile, Span<FactValue> row)
    {
        ArgumentNullException.ThrowIfNull(profile);
        WriteFacts(profile.WeddingDate, profile.HasPartner, profile.Married, profile.OrderCustomer, row);
    }

    /// <summary>Writes studio facts into a reusable row (no allocation).</summary>
    /// <param name="weddingDate">The wedding date, or <see langword="null"/> when unknown.</param>
    /// <param name="hasPartner">Whether the customer has a partner, or <see langword="null"/> when unknown.</param>
    /// <param name="married">Whether the customer is married, or <see langword="null"/> when unknown.</param>
    /// <param name="orderCustomer">Whether the customer placed an order.</param>
    /// <param name="row">A row of at least four values.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="row"/> is too short.</exception>
    public static void WriteFacts(LocalDate? weddingDate, bool? hasPartner, bool? married, bool orderCustomer, Span<FactValue> row)
    {
        if (row.Length < 4)
        {
            throw new ArgumentException("The studio facts row needs 4 values.", nameof(row));
        }

        row[0] = FactValue.FromDate(weddingDate);
        row[1] = hasPartner is { } p ? FactValue.FromFlag(p) : FactValue.Missing;
        row[2] = married is { } m ? FactValue.FromFlag(m) : FactValue.Missing;
        row[3] = FactValue.FromFlag(orderCustomer);
    }
}
