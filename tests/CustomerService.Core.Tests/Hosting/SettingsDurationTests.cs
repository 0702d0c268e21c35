using CustomerService.Core.DependencyInjection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Hosting;

public sealed class SettingsDurationTests
{
    [Theory]
    [InlineData("8h", 8 * 60)]
    [InlineData("30m", 30)]
    [InlineData("1d", 24 * 60)]
    [InlineData("1d 4h", 28 * 60)]
    [InlineData("1h30m", 90)]
    [InlineData(" 2h 15m ", 135)]
    [InlineData("PT8H", 8 * 60)]
    [InlineData("P1DT4H", 28 * 60)]
    [InlineData("P1W", 7 * 24 * 60)]
    [InlineData("7:00:00:00", 7 * 24 * 60)]
    [InlineData("00:05:00", 5)]
    [InlineData("1.12:00:00", 36 * 60)]
    [InlineData("02:30", 150)]
    public void TryParse_EveryDocumentedForm_ReadsTheDuration(string text, int minutes)
    {
        Assert.True(SettingsDuration.TryParse(text, out var duration, out _));
        Assert.Equal(Duration.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData("8 hours")]
    [InlineData("h8")]
    [InlineData("4h 1d")]
    [InlineData("1h 1h")]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("8H")]
    [InlineData("")]
    [InlineData("1.5h")]
    public void TryParse_NotADuration_IsRefused(string text)
    {
        Assert.False(SettingsDuration.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData("1d", true)]
    [InlineData("24h", false)]
    [InlineData("P1D", true)]
    [InlineData("PT24H", false)]
    [InlineData("1:00:00:00", true)]
    [InlineData("0:08:00:00", false)]
    [InlineData("1.00:00:00", true)]
    public void TryParse_DayForms_AreFlaggedForBusinessTimeTargets(string text, bool hasDays)
    {
        Assert.True(SettingsDuration.TryParse(text, out _, out var days));
        Assert.Equal(hasDays, days);
    }

    /// <summary>Any whole numbers of days, hours, minutes and seconds written with units, with or without spaces, read back as their sum.</summary>
    [Property]
    public Property TryParse_UnitsForm_Meets_Specification()
    {
        var parts = Gen.Choose(0, 400).Four().ToArbitrary();
        return Prop.ForAll(parts, p =>
        {
            var (d, h, m, s) = p;
            var expected = Duration.FromDays(d) + Duration.FromHours(h) + Duration.FromMinutes(m) + Duration.FromSeconds(s);
            return SettingsDuration.TryParse($"{d}d {h}h {m}m {s}s", out var spaced, out var spacedDays)
                && SettingsDuration.TryParse($"{d}d{h}h{m}m{s}s", out var tight, out _)
                && spaced == expected && tight == expected && spacedDays == (d != 0);
        });
    }

    /// <summary>Numbers of up to nine digits in every unit, and ISO forms beyond what a Duration holds, never throw: they saturate at <see cref="Duration.MaxValue"/> (or MinValue), which every setting's maximum then refuses with its key.</summary>
    [Property]
    public Property TryParse_HugeAmounts_SaturateInsteadOfThrowing()
    {
        var amounts = Gen.Choose(0, 999_999_999).Four().ToArbitrary();
        return Prop.ForAll(amounts, p =>
        {
            var (d, h, m, s) = p;
            var parsed = SettingsDuration.TryParse($"{d}d {h}h {m}m {s}s", out var duration, out _);
            var exact = (decimal)d * 86_400 + (decimal)h * 3_600 + (decimal)m * 60 + s;
            var max = (decimal)Duration.MaxValue.TotalSeconds;
            return parsed && (exact <= max ? duration == Duration.FromSeconds((long)exact) : duration == Duration.MaxValue);
        });
    }

    [Theory]
    [InlineData("999999999d 999999999h")]
    [InlineData("PT999999999999H")]
    [InlineData("P999999999W")]
    public void TryParse_BeyondDuration_SaturatesAtTheMaximum(string text)
    {
        Assert.True(SettingsDuration.TryParse(text, out var duration, out _));
        Assert.Equal(Duration.MaxValue, duration);
    }

    [Theory]
    [InlineData("SlaPolicy", "SlaPolicies")]
    [InlineData("Urgnet", "Urgent")]
    [InlineData("ticket", "Tickets")]
    [InlineData("Calender", "Calendars")]
    public void Nearest_Misspelling_SuggestsTheValidKey(string text, string expected)
    {
        Assert.Equal(expected, Suggest.Nearest(text, ["Tickets", "Callbacks", "Calendars", "SlaPolicies", "Sla", "Urgent", "High"]));
    }

    [Fact]
    public void Nearest_NothingClose_SuggestsNothing()
    {
        Assert.Null(Suggest.Nearest("Telephony", ["Tickets", "Sla"]));
    }
}
