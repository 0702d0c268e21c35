using FsCheck.Xunit;

namespace CustomerService.Core.Tests.Kpis;

/// <summary>The KPI public API driven with extreme values (issue 24): Int32/Int64 extremes, NaN, ±∞, near-zero doubles,
/// Duration.MaxValue, the ends of the Instant range, huge agent counts. Every call returns a right answer or throws a
/// documented exception naming one of its own parameters — never a wrong sign, a foreign parameter name, or a hang.</summary>
public sealed class KpiExtremeValueTests
{
    // A hang guard, not a timing: every call takes microseconds to a few milliseconds; a loop that never ends fails here.
    private static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(3);

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) }, MaxTest = 500)]
    public bool PublicApi_ExtremeValues_Meets_Specification(KpiCall call)
    {
        try
        {
            return Bounded.Run(call.Run, CallBudget);
        }
        catch (ArgumentException ex)
        {
            // ArgumentOutOfRangeException, ArgumentNullException and ArgumentException, naming the call's own parameter.
            return ex.ParamName is { } name
                && call.Parameters.Any(p => name == p || (name.StartsWith(p + "[", StringComparison.Ordinal) && name.EndsWith(']')));
        }
        catch (OverflowException) when (call.MayOverflow)
        {
            return true;
        }
    }
}
