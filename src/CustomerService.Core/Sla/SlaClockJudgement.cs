namespace CustomerService.Core.Sla;

/// <summary>
/// What a clock's completed cycles were judged under when the case's policy, priority or calendar changed after them: the
/// record of "met clocks stay met" (see <see cref="SlaClockRecord.Judgements"/>).
/// </summary>
/// <remarks>
/// A re-selection does not re-judge the past. Each clock that completed cycles before the change (a first response met, a
/// reply answered) gets one judgement naming the policy, priority and calendar those cycles were met under, so that a reply
/// answered in 3 hours under a 4-hour target stays met after an upgrade to a 1-hour target. The cycles still running keep
/// their start and elapsed time and count towards the new target.
/// </remarks>
/// <param name="Cycles">
/// How many of the clock's completed cycles, counted from its first, have been judged by the time of this judgement: the cycles
/// after those of the previous judgement (if any) up to this number are judged under this one.
/// </param>
/// <param name="PolicyName">The policy the cycles were completed under.</param>
/// <param name="Priority">The priority whose targets the cycles were completed under.</param>
/// <threadsafety>This type is immutable and may be shared freely between threads.</threadsafety>
public sealed record SlaClockJudgement(int Cycles, string PolicyName, string Priority)
{
    /// <summary>Gets the calendar the resolution chain had chosen when the cycles were completed (<see cref="SlaClockSet.Calendar"/>).</summary>
    /// <value>A calendar name, or <see langword="null"/> (the default) when the clocks counted on the policy's own calendar.</value>
    public string? Calendar { get; init; }
}
