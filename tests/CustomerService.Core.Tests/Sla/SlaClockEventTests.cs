using CustomerService.Core.Sla;
using NodaTime;
using static CustomerService.Core.Tests.Sla.SlaTestData;

namespace CustomerService.Core.Tests.Sla;

/// <summary>Clock events and the SLA enums: zero means "unspecified", never a business value.</summary>
public sealed class SlaClockEventTests
{
    public static TheoryData<Type> StoredOrRequiredSlaEnums() =>
        [typeof(SlaClockEventKind), typeof(SlaWaitReason), typeof(SlaMetric), typeof(SlaTimeBasis), typeof(SlaClockState)];

    [Theory]
    [MemberData(nameof(StoredOrRequiredSlaEnums))]
    public void Enum_ZeroValue_MeansUnspecified(Type enumType)
    {
        var zero = Enum.GetName(enumType, 0);
        Assert.True(zero is "Unspecified" or "None", $"{enumType.Name}'s zero value is {zero ?? "unnamed"}, a business value.");
    }

    [Fact]
    public void Default_IsAnUnspecifiedEventWithoutReason()
    {
        var empty = default(SlaClockEvent);

        Assert.Equal(SlaClockEventKind.Unspecified, empty.Kind);
        Assert.Equal(SlaWaitReason.None, empty.Reason);
    }

    [Fact]
    public void Factories_EventsOtherThanPaused_CarryNoReason()
    {
        var at = Sh(2025, 3, 3, 9);
        SlaClockEvent[] events = [SlaClockEvent.Started(at), SlaClockEvent.Resumed(at), SlaClockEvent.Met(at), SlaClockEvent.Reset(at), SlaClockEvent.Cancelled(at)];

        Assert.All(events, e => Assert.Equal(SlaWaitReason.None, e.Reason));
        Assert.Equal(SlaWaitReason.DispatchedToDepartment, SlaClockEvent.Paused(at, SlaWaitReason.DispatchedToDepartment).Reason);
    }

    [Theory]
    [InlineData(SlaWaitReason.None)]
    [InlineData((SlaWaitReason)42)]
    public void Paused_WithoutADefinedReason_ThrowsArgumentOutOfRange(SlaWaitReason reason)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SlaClockEvent.Paused(Sh(2025, 3, 3, 9), reason));

        Assert.Equal("reason", error.ParamName);
    }

    [Fact]
    public void Replay_DefaultEvent_ThrowsInvalidSlaEventNamingItsPosition()
    {
        var error = Assert.Throws<InvalidSlaEventException>(() =>
            Standard.CreateClock("E-1/resolution", SlaMetric.Resolution, SlaPriority.Normal, [SlaClockEvent.Started(Sh(2025, 3, 3, 9)), default]));

        Assert.Equal(1, error.EventIndex);
        Assert.Equal(SlaClockEventKind.Unspecified, error.EventKind);
        Assert.Contains("unspecified", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidSlaEventException>(() => Standard.CreateClock("E-1/resolution", SlaMetric.Resolution, SlaPriority.Normal, [default]));
    }

    [Fact]
    public void Replay_PauseWithoutReason_ThrowsInvalidSlaEvent()
    {
        var start = Sh(2025, 3, 3, 9);

        var error = Assert.Throws<InvalidSlaEventException>(() => Standard.CreateClock(
            "E-2/resolution", SlaMetric.Resolution, SlaPriority.Normal, [SlaClockEvent.Started(start), new SlaClockEvent(SlaClockEventKind.Paused, start)]));

        Assert.Equal(1, error.EventIndex);
        Assert.Contains("reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_ReasonOnAnEventOtherThanPaused_ThrowsInvalidSlaEvent()
    {
        var start = Sh(2025, 3, 3, 9);

        var error = Assert.Throws<InvalidSlaEventException>(() => Standard.CreateClock(
            "E-3/resolution", SlaMetric.Resolution, SlaPriority.Normal, [new SlaClockEvent(SlaClockEventKind.Started, start, SlaWaitReason.PendingOnCustomer)]));

        Assert.Equal(0, error.EventIndex);
    }
}
