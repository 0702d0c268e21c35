using NodaTime;

namespace CustomerService.Core.Leads;

/// <summary>A churn-risk scoring rule set built from the causes of customer loss: unresolved complaints, falling purchase frequency, the assigned representative leaving, and long silence.</summary>
/// <remarks>
/// <para>Scores (added when a rule matches): <c>UnresolvedComplaint</c> +40 (at least one open complaint: complaints nobody
/// handles are named as a direct cause of loss); <c>RepeatedComplaints</c> +20 (three or more open);
/// <c>FallingPurchases</c> +25 (purchases in the recent period at most half those of the previous one);
/// <c>RepresentativeLeft</c> +25 (the customer's representative left: customers follow the person who leaves);
/// <c>NoWeeklyCare</c> +10 (no contact for more than 7 days: the service standard is at least one care message a week);
/// <c>LongSilence</c> +20 (no contact for more than 90 days).</para>
/// <para>Bands: 60 and above <see cref="High"/>, 30 and above <see cref="Medium"/>, otherwise <see cref="Low"/>.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe; the rule sets it builds are immutable.</threadsafety>
public static class ChurnRisk
{
    /// <summary>The count fact: complaints not yet resolved.</summary>
    public const string UnresolvedComplaints = "UnresolvedComplaints";

    /// <summary>The number fact: purchases in the recent period divided by those in the previous period of the same length (missing when the previous period had none).</summary>
    public const string PurchaseTrend = "PurchaseTrend";

    /// <summary>The flag fact: the customer's assigned representative has left.</summary>
    public const string RepresentativeLeft = "RepresentativeLeft";

    /// <summary>The date fact: the last contact (message, call or visit) with the customer.</summary>
    public const string LastContact = "LastContact";

    /// <summary>The high-risk segment.</summary>
    public const string High = "High";

    /// <summary>The medium-risk segment.</summary>
    public const string Medium = "Medium";

    /// <summary>The low-risk segment.</summary>
    public const string Low = "Low";

    /// <summary>Gets the schema: <c>UnresolvedComplaints</c>, <c>PurchaseTrend</c>, <c>RepresentativeLeft</c>, <c>LastContact</c>, in that order.</summary>
    /// <value>The schema.</value>
    public static FactSchema Schema { get; } = FactSchema.CreateBuilder()
        .AddCount(UnresolvedComplaints).AddNumber(PurchaseTrend).AddFlag(RepresentativeLeft).AddDate(LastContact).Build();

    /// <summary>Builds the churn-risk rule set.</summary>
    /// <param name="zone">The zone in which today is counted.</param>
    /// <returns>The rule set, named <c>churn-risk</c>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    public static SegmentationRuleSet CreateRuleSet(DateTimeZone zone) =>
        SegmentationRuleSet.CreateBuilder("churn-risk", Schema, zone, RuleSetMode.Scoring)
            .AddScoringRule("UnresolvedComplaint", 40, RuleCondition.AtLeast(UnresolvedComplaints, 1))
            .AddScoringRule("RepeatedComplaints", 20, RuleCondition.AtLeast(UnresolvedComplaints, 3))
            .AddScoringRule("FallingPurchases", 25, RuleCondition.AtMost(PurchaseTrend, 0.5))
            .AddScoringRule("RepresentativeLeft", 25, RuleCondition.IsTrue(RepresentativeLeft))
            .AddScoringRule("NoWeeklyCare", 10, RuleCondition.DateBefore(LastContact, Period.FromDays(-7)))
            .AddScoringRule("LongSilence", 20, RuleCondition.DateBefore(LastContact, Period.FromDays(-90)))
            .AddBand(60, High)
            .AddBand(30, Medium)
            .Otherwise(Low)
            .Build();

    /// <summary>Writes churn facts into a reusable row of <see cref="Schema"/>.</summary>
    /// <param name="unresolvedComplaints">Open complaints (non-negative).</param>
    /// <param name="purchasesPreviousPeriod">Purchases in the previous period (non-negative).</param>
    /// <param name="purchasesRecentPeriod">Purchases in the recent period of the same length (non-negative).</param>
    /// <param name="representativeLeft">Whether the assigned representative left.</param>
    /// <param name="lastContact">The last contact's date, or <see langword="null"/> when never contacted.</param>
    /// <param name="row">A row of at least four values.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a count is negative; the row is left as it was.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="row"/> is too short.</exception>
    public static void WriteFacts(int unresolvedComplaints, int purchasesPreviousPeriod, int purchasesRecentPeriod, bool representativeLeft, LocalDate? lastContact, Span<FactValue> row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unresolvedComplaints);
        ArgumentOutOfRangeException.ThrowIfNegative(purchasesPreviousPeriod);
        ArgumentOutOfRangeException.ThrowIfNegative(purchasesRecentPeriod);
        if (row.Length < 4)
        {
            throw new ArgumentException("The churn facts row needs 4 values.", nameof(row));
        }

        row[0] = FactValue.FromCount(unresolvedComplaints);
        row[1] = purchasesPreviousPeriod == 0 ? FactValue.Missing : FactValue.FromNumber((double)purchasesRecentPeriod / purchasesPreviousPeriod);
        row[2] = FactValue.FromFlag(representativeLeft);
        row[3] = FactValue.FromDate(lastContact);
    }
}
