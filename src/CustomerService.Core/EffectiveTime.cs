using NodaTime;

namespace CustomerService.Core;

/// <summary>The monotonic-time rule: a command's effective instant is the later of its own and the entity's last recorded one.</summary>
internal static class EffectiveTime
{
    /// <summary>Returns <paramref name="now"/>, or the last recorded instant when <paramref name="now"/> is earlier (a clock behind).</summary>
    public static Instant Of(Instant now, Instant lastRecorded) => now < lastRecorded ? lastRecorded : now;

    /// <summary>Returns the later of two instants.</summary>
    public static Instant Max(Instant a, Instant b) => a < b ? b : a;
}
