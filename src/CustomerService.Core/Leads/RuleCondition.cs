using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads;

/// <summary>How a <see cref="RuleCondition"/> compares a fact.</summary>
/// <threadsafety>Enum values are immutable and thread-safe.</threadsafety>
public enum ConditionOperator
{
    /// <summary>Date fact: the date is on or before today plus the offset.</summary>
    DateOnOrBefore = 1,

    /// <summary>Date fact: the date is strictly before today plus the offset.</summary>
    DateBefore = 2,

    /// <summary>Date fact: the date is on or after today plus the offset.</summary>
    DateOnOrAfter = 3,

    /// <summary>Date fact: the date is strictly after today plus the offset.</summary>
    DateAfter = 4,

    /// <summary>Number or count fact: the value is greater than or equal to the operand.</summary>
    AtLeast = 5,

    /// <summary>Number or count fact: the value is less than or equal to the operand.</summary>
    AtMost = 6,

    /// <summary>Number or count fact: the value is strictly greater than the operand.</summary>
    GreaterThan = 7,

    /// <summary>Number or count fact: the value is strictly less than the operand.</summary>
    LessThan = 8,

    /// <summary>Number or count fact: the value equals the operand.</summary>
    EqualTo = 9,

    /// <summary>Flag fact: the flag is set.</summary>
    IsTrue = 10,

    /// <summary>Flag fact: the flag is known and not set.</summary>
    IsFalse = 11,

    /// <summary>Enum fact: the value is one of the listed names.</summary>
    In = 12,

    /// <summary>Any fact: the value is missing.</summary>
    IsMissing = 13,

    /// <summary>Any fact: the value is present.</summary>
    IsPresent = 14,
}

/// <summary>One test of one fact inside a <see cref="SegmentationRule"/>; a rule matches when all its conditions hold.</summary>
/// <remarks>
/// Date conditions are relative to "today": <c>DateOnOrBefore("WeddingDate", Period.FromMonths(6))</c> holds when the
/// wedding date is on or before <c>today + P6M</c>, computed with NodaTime <see cref="LocalDate.Plus(Period)"/>
/// (a month-end or 29 February is clamped to the last day of the target month). A condition on a missing fact is false,
/// except <see cref="ConditionOperator.IsMissing"/>.
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RuleCondition
{
    private RuleCondition(string fact, ConditionOperator op, double operand, Period? offset, string[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fact);
        Fact = fact;
        Operator = op;
        Operand = operand;
        Offset = offset;
        Values = values;
    }

    /// <summary>Gets the name of the fact tested.</summary>
    /// <value>The fact's name.</value>
    public string Fact { get; }

    /// <summary>Gets the comparison.</summary>
    /// <value>The operator.</value>
    public ConditionOperator Operator { get; }

    /// <summary>Gets the number compared with, for number and count operators.</summary>
    /// <value>The operand; 0 for other operators.</value>
    public double Operand { get; }

    /// <summary>Gets the period added to today, for date operators.</summary>
    /// <value>The offset; <see langword="null"/> for other operators.</value>
    public Period? Offset { get; }

    /// <summary>Gets the names accepted by <see cref="ConditionOperator.In"/>.</summary>
    /// <value>The names; empty for other operators.</value>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Creates a condition: the date is on or before today plus <paramref name="offset"/>.</summary>
    /// <param name="fact">The date fact.</param>
    /// <param name="offset">The period added to today (may be negative or zero), in date units only: years, months, weeks, days.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty, or <paramref name="offset"/> has a time unit (hours and smaller).</exception>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="fact"/> or <paramref name="offset"/> is <see langword="null"/>.</exception>
    public static RuleCondition DateOnOrBefore(string fact, Period offset) => Date(fact, ConditionOperator.DateOnOrBefore, offset);

    /// <summary>Creates a condition: the date is strictly before today plus <paramref name="offset"/>.</summary>
    /// <param name="fact">The date fact.</param>
    /// <param name="offset">The period added to today (may be negative or zero), in date units only: years, months, weeks, days.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty, or <paramref name="offset"/> has a time unit (hours and smaller).</exception>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="fact"/> or <paramref name="offset"/> is <see langword="null"/>.</exception>
    public static RuleCondition DateBefore(string fact, Period offset) => Date(fact, ConditionOperator.DateBefore, offset);

    /// <summary>Creates a condition: the date is on or after today plus <paramref name="offset"/>.</summary>
    /// <param name="fact">The date fact.</param>
    /// <param name="offset">The period added to today (may be negative or zero), in date units only: years, months, weeks, days.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty, or <paramref name="offset"/> has a time unit (hours and smaller).</exception>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="fact"/> or <paramref name="offset"/> is <see langword="null"/>.</exception>
    public static RuleCondition DateOnOrAfter(string fact, Period offset) => Date(fact, ConditionOperator.DateOnOrAfter, offset);

    /// <summary>Creates a condition: the date is strictly after today plus <paramref name="offset"/>.</summary>
    /// <param name="fact">The date fact.</param>
    /// <param name="offset">The period added to today (may be negative or zero), in date units only: years, months, weeks, days.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty, or <paramref name="offset"/> has a time unit (hours and smaller).</exception>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="fact"/> or <paramref name="offset"/> is <see langword="null"/>.</exception>
    public static RuleCondition DateAfter(string fact, Period offset) => Date(fact, ConditionOperator.DateAfter, offset);

    /// <summary>Creates a condition: the number or count is at least <paramref name="operand"/>.</summary>
    /// <param name="fact">The number or count fact.</param>
    /// <param name="operand">A finite number.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty or <paramref name="operand"/> is not finite.</exception>
    public static RuleCondition AtLeast(string fact, double operand) => Number(fact, ConditionOperator.AtLeast, operand);

    /// <summary>Creates a condition: the number or count is at most <paramref name="operand"/>.</summary>
    /// <param name="fact">The number or count fact.</param>
    /// <param name="operand">A finite number.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty or <paramref name="operand"/> is not finite.</exception>
    public static RuleCondition AtMost(string fact, double operand) => Number(fact, ConditionOperator.AtMost, operand);

    /// <summary>Creates a condition: the number or count is greater than <paramref name="operand"/>.</summary>
    /// <param name="fact">The number or count fact.</param>
    /// <param name="operand">A finite number.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty or <paramref name="operand"/> is not finite.</exception>
    public static RuleCondition GreaterThan(string fact, double operand) => Number(fact, ConditionOperator.GreaterThan, operand);

    /// <summary>Creates a condition: the number or count is less than <paramref name="operand"/>.</summary>
    /// <param name="fact">The number or count fact.</param>
    /// <param name="operand">A finite number.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty or <paramref name="operand"/> is not finite.</exception>
    public static RuleCondition LessThan(string fact, double operand) => Number(fact, ConditionOperator.LessThan, operand);

    /// <summary>Creates a condition: the number or count equals <paramref name="operand"/>.</summary>
    /// <param name="fact">The number or count fact.</param>
    /// <param name="operand">A finite number.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty or <paramref name="operand"/> is not finite.</exception>
    public static RuleCondition EqualTo(string fact, double operand) => Number(fact, ConditionOperator.EqualTo, operand);

    /// <summary>Creates a condition: the flag is set.</summary>
    /// <param name="fact">The flag fact.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty.</exception>
    public static RuleCondition IsTrue(string fact) => new(fact, ConditionOperator.IsTrue, 0, null, []);

    /// <summary>Creates a condition: the flag is known and not set.</summary>
    /// <param name="fact">The flag fact.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty.</exception>
    public static RuleCondition IsFalse(string fact) => new(fact, ConditionOperator.IsFalse, 0, null, []);

    /// <summary>Creates a condition: the enum value is one of <paramref name="values"/>.</summary>
    /// <param name="fact">The enum fact.</param>
    /// <param name="values">One or more declared names.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="fact"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty, or <paramref name="values"/> is empty or holds a <see langword="null"/> or empty name.</exception>
    public static RuleCondition In(string fact, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0 || values.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Condition In on '{fact}' needs at least one value, none of them empty.", nameof(values));
        }

        return new(fact, ConditionOperator.In, 0, null, values.ToArray());
    }

    /// <summary>Creates a condition: the fact is missing.</summary>
    /// <param name="fact">Any fact.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty.</exception>
    public static RuleCondition IsMissing(string fact) => new(fact, ConditionOperator.IsMissing, 0, null, []);

    /// <summary>Creates a condition: the fact is present.</summary>
    /// <param name="fact">Any fact.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="fact"/> is empty.</exception>
    public static RuleCondition IsPresent(string fact) => new(fact, ConditionOperator.IsPresent, 0, null, []);

    /// <summary>Describes the condition, for example <c>WeddingDate &lt;= today + P6M</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Operator switch
    {
        ConditionOperator.DateOnOrBefore => $"{Fact} <= {Today()}",
        ConditionOperator.DateBefore => $"{Fact} < {Today()}",
        ConditionOperator.DateOnOrAfter => $"{Fact} >= {Today()}",
        ConditionOperator.DateAfter => $"{Fact} > {Today()}",
        ConditionOperator.AtLeast => $"{Fact} >= {Num()}",
        ConditionOperator.AtMost => $"{Fact} <= {Num()}",
        ConditionOperator.GreaterThan => $"{Fact} > {Num()}",
        ConditionOperator.LessThan => $"{Fact} < {Num()}",
        ConditionOperator.EqualTo => $"{Fact} == {Num()}",
        ConditionOperator.IsTrue => $"{Fact} is true",
        ConditionOperator.IsFalse => $"{Fact} is false",
        ConditionOperator.In => $"{Fact} in [{string.Join(", ", Values)}]",
        ConditionOperator.IsMissing => $"{Fact} is missing",
        _ => $"{Fact} is present",
    };

    internal static bool IsDateOperator(ConditionOperator op) => op is >= ConditionOperator.DateOnOrBefore and <= ConditionOperator.DateAfter;

    internal static bool IsNumberOperator(ConditionOperator op) => op is >= ConditionOperator.AtLeast and <= ConditionOperator.EqualTo;

    private static RuleCondition Date(string fact, ConditionOperator op, Period offset)
    {
        ArgumentNullException.ThrowIfNull(offset);
        if (offset.HasTimeComponent)
        {
            // NodaTime cannot add hours to a date: rejected here, naming the offset, rather than when a rule set is bound to a day.
            throw new ArgumentException($"Condition {op} on '{fact}' needs a period of whole days, weeks, months or years.", nameof(offset));
        }

        return new(fact, op, 0, offset, []);
    }

    private static RuleCondition Number(string fact, ConditionOperator op, double operand)
    {
        if (!double.IsFinite(operand))
        {
            throw new ArgumentException($"Condition {op} on '{fact}' needs a finite operand.", nameof(operand));
        }

        return new(fact, op, operand, null, []);
    }

    private string Today() => Offset is null || Offset.Equals(Period.Zero) ? "today" : "today + " + PeriodPattern.Roundtrip.Format(Offset);

    private string Num() => Operand.ToString(CultureInfo.InvariantCulture);
}
