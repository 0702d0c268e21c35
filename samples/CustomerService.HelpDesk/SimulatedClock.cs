using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CustomerService.HelpDesk;

/// <summary>
/// Time for a simulated day (and for tests): it starts at a chosen instant, runs at real speed, and a simulation can jump
/// it forward (never back). It is both the NodaTime <see cref="IClock"/> the library and the app read and the
/// <see cref="TimeProvider"/> the hosted due work sleeps on, so a jump wakes the due work exactly as the passing of that
/// time would: the SLA warnings, deadlines and callbacks of the skipped hours happen at once.
/// </summary>
public sealed class SimulatedClock : IClock, IDisposable
{
    private readonly Lock _lock = new();
    private readonly FakeTimeProvider _time;
    private readonly Timer _ticker;
    private long _lastTick = Stopwatch.GetTimestamp();

    public SimulatedClock(Instant start)
    {
        _time = new FakeTimeProvider(start.ToDateTimeOffset());
        _ticker = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
    }

    /// <summary>The same time, for code that sleeps on a <see cref="TimeProvider"/>.</summary>
    public TimeProvider TimeProvider => _time;

    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(_time.GetUtcNow());

    /// <summary>Jumps forward to <paramref name="instant"/>; an instant already past changes nothing.</summary>
    public void AdvanceTo(Instant instant)
    {
        lock (_lock)
        {
            if (instant > GetCurrentInstant())
            {
                _time.SetUtcNow(instant.ToDateTimeOffset());
            }
        }
    }

    public void Dispose() => _ticker.Dispose();

    /// <summary>Moves the fake time on by the real time elapsed since the last tick, firing any timer that came due.</summary>
    private void Tick()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _time.Advance(Stopwatch.GetElapsedTime(_lastTick, now));
            _lastTick = now;
        }
    }
}
