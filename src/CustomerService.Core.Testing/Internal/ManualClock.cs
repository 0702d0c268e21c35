using NodaTime;

namespace CustomerService.Core.Testing.Internal;

/// <summary>A clock the kit moves by hand while it records a service's changes.</summary>
internal sealed class ManualClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;

    public void Advance(Duration duration) => Now += duration;
}
