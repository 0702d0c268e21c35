using CustomerService.Core.Kpis;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class ElapsedTimeTests
{
    [Fact]
    public void Calendar_EndAfterStart_IsTheDifference()
    {
        var start = Instant.FromUtc(2026, 3, 1, 9, 0);
        Assert.Equal(Duration.FromMinutes(95), ElapsedTime.Calendar(start, start + Duration.FromMinutes(95)));
        Assert.Equal(Duration.Zero, ElapsedTime.Calendar(start, start));
    }

    [Fact]
    public void Calendar_EndBeforeStart_Throws()
    {
        var start = Instant.FromUtc(2026, 3, 1, 9, 0);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ElapsedTime.Calendar(start, start - Duration.FromSeconds(1)));
        Assert.Equal("to", ex.ParamName);
    }
}
