using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerService.Core.Cli.Tests;

/// <summary>The tool's allocation-free date-time and amount texts agree with the BCL over the whole supported range (1900–2200).</summary>
public sealed class IsoTextProperties
{
    private static readonly long MinTicks = new DateTime(1900, 1, 1).Ticks;
    private static readonly long MaxTicks = new DateTime(2200, 1, 1).Ticks;

    public static Arbitrary<DateTime> Times() =>
        (from day in Gen.Choose(0, (int)((MaxTicks - MinTicks) / TimeSpan.TicksPerDay) - 1)
         from second in Gen.Choose(0, 86_399)
         from ticks in Gen.Elements(0L, 0L, 1_234_567L, 5_000_000L, 9_999_999L)
         select new DateTime(MinTicks + (day * TimeSpan.TicksPerDay) + (second * TimeSpan.TicksPerSecond) + ticks)).ToArbitrary();

    [Property(Arbitrary = [typeof(IsoTextProperties)])]
    public void FormatDateTime_WritesWhatTheBclWrites_AndParsesBack(DateTime local)
    {
        var nanoseconds = (local - DateTime.UnixEpoch).Ticks * 100;
        var buffer = new byte[64];

        var n = IsoText.FormatDateTime(nanoseconds, 8 * IsoText.NanosecondsPerHour, writeOffset: true, buffer);
        var text = Encoding.ASCII.GetString(buffer, 0, n);

        Assert.Equal(local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "+08:00", text);
        Assert.Equal(IsoText.Failure.None, IsoText.TryParseDateTime(text, out var utc, out var hasOffset));
        Assert.True(hasOffset);
        Assert.Equal(nanoseconds - (8 * IsoText.NanosecondsPerHour), utc);
        Assert.Equal(IsoText.Failure.None, IsoText.TryParseDateTime(text.AsSpan()[..^6], out var back, out hasOffset));
        Assert.False(hasOffset);
        Assert.Equal(nanoseconds, back);
    }

    [Property(Arbitrary = [typeof(IsoTextProperties)])]
    public void DaysFromCivil_AndBack_MatchTheBclCalendar(DateTime local)
    {
        var days = IsoText.DaysFromCivil(local.Year, local.Month, local.Day);

        Assert.Equal(DateOnly.FromDateTime(local).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber, days);
        IsoText.CivilFromDays(days, out var year, out var month, out var day);
        Assert.Equal((local.Year, local.Month, local.Day), (year, month, day));
    }

    [Property]
    public void TryParseAmount_OfAnIsoDuration_IsItsHoursMinutesAndSeconds(NonNegativeInt hours, byte minutes, byte seconds)
    {
        var h = hours.Get % 100_000;
        var m = minutes % 60;
        var s = seconds % 60;

        Assert.Equal(IsoText.Failure.None, IsoText.TryParseAmount($"PT{h}H{m}M{s}S", IsoText.NanosecondsPerMinute, out var iso));
        Assert.Equal(IsoText.Failure.None, IsoText.TryParseAmount(((h * 60) + m).ToString(CultureInfo.InvariantCulture), IsoText.NanosecondsPerMinute, out var minutesOnly));

        Assert.Equal((((h * 3600L) + (m * 60) + s) * IsoText.NanosecondsPerSecond), iso);
        Assert.Equal(iso - (s * IsoText.NanosecondsPerSecond), minutesOnly);
        var buffer = new byte[64];
        var n = IsoText.FormatIsoDuration(iso, buffer);
        Assert.Equal(IsoText.Failure.None, IsoText.TryParseAmount(Encoding.ASCII.GetString(buffer, 0, n), 1, out var roundTrip));
        Assert.Equal(iso, roundTrip);
    }

    [Theory]
    [InlineData("2025-02-29T09:00", (int)IsoText.Failure.Day)]
    [InlineData("2025-01-01T24:00", (int)IsoText.Failure.Hour)]
    [InlineData("2025-01-01T09:60", (int)IsoText.Failure.Minute)]
    [InlineData("2025-01-01T09:00+19:00", (int)IsoText.Failure.Offset)]
    [InlineData("2025-01-01", (int)IsoText.Failure.Syntax)]
    [InlineData("2025-01-01T09:00:00.1234567891", (int)IsoText.Failure.Syntax)]
    [InlineData("", (int)IsoText.Failure.Empty)]
    [InlineData("9999-01-01T00:00", (int)IsoText.Failure.OutOfRange)]
    public void TryParseDateTime_OfABadText_SaysWhy(string text, int failure)
    {
        Assert.Equal((IsoText.Failure)failure, IsoText.TryParseDateTime(text, out _, out _));
    }

    [Theory]
    [InlineData("-5", (int)IsoText.Failure.Negative)]
    [InlineData("P1M", (int)IsoText.Failure.CalendarUnit)]
    [InlineData("PT", (int)IsoText.Failure.Syntax)]
    [InlineData("12x", (int)IsoText.Failure.Syntax)]
    [InlineData("999999999999999", (int)IsoText.Failure.TooLong)]
    public void TryParseAmount_OfABadText_SaysWhy(string text, int failure)
    {
        Assert.Equal((IsoText.Failure)failure, IsoText.TryParseAmount(text, IsoText.NanosecondsPerMinute, out _));
    }
}
