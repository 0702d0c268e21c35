namespace CustomerService.Core.Sla;

/// <content>The escalations a case's clocks have caused (issue 17, item 7).</content>
public sealed partial record SlaClockSet
{
    private readonly ValueArray<string> _escalations = ValueArray<string>.Empty;

    /// <summary>Gets the escalations already done for these clocks, one key per clock cycle and escalation rule, so that each escalates at most once per cycle.</summary>
    /// <value>
    /// The default value is an empty list (also for a case stored before escalations existed). Each key is
    /// <c>{clock id}#{cycle}#{milestone}</c>, the milestone being <c>Breach</c>, a threshold (<c>0.9</c>) or a lead time before due (<c>PT1H</c>).
    /// Any list given is kept as an immutable copy with value equality; <see langword="null"/> (a snapshot stored without it) is the empty list.
    /// </value>
    public IReadOnlyList<string> Escalations
    {
        get => _escalations;
        init => _escalations = value is null ? ValueArray<string>.Empty : ValueArray<string>.From(value);
    }
}
