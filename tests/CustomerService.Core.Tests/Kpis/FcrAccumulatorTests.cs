using CustomerService.Core.Kpis;
using FsCheck.Xunit;
using NodaTime;

namespace CustomerService.Core.Tests.Kpis;

public sealed class FcrAccumulatorTests
{
    private static readonly Duration Week = Duration.FromDays(7);

    private static ContactOutcome[] WorkedExample()
    {
        var list = new List<ContactOutcome>();
        for (int i = 0; i < 7; i++)
        {
            list.Add(new ContactOutcome(resolved: true, transferred: false, timeToNextContact: null));
        }

        list.Add(new ContactOutcome(true, false, Duration.FromDays(3)));   // resolved, but the customer came back: a repeat
        list.Add(new ContactOutcome(false, true, null));                   // transferred
        list.Add(new ContactOutcome(false, false, Duration.FromDays(10))); // unresolved; next contact outside the window
        return [.. list];
    }

    [Fact]
    public void FirstContactResolution_WorkedExample_GivesEachVariant()
    {
        var fcr = new FcrAccumulator(Week);
        fcr.AddRange(WorkedExample());

        Assert.Equal(7, fcr.FirstContactResolved);
        Assert.Equal(new KpiRate(7, 9), fcr.FirstContactResolution());
        Assert.Equal(new KpiRate(7, 10), fcr.FirstContactResolution(TransferHandling.CountAsNotResolved));
        Assert.Equal(new KpiRate(7, 8), fcr.FirstContactResolution(TransferHandling.ExcludeFromDenominator, FcrDenominator.ResolvedContacts));
        Assert.Equal(new KpiRate(7, 8), fcr.FirstContactResolution(TransferHandling.CountAsNotResolved, FcrDenominator.ResolvedContacts));
        Assert.Equal(new KpiRate(1, 10), fcr.RepeatContactRate);
    }

    [Fact]
    public void FirstContactResolution_ResolvedTransfer_DiffersByTransferRule()
    {
        var fcr = new FcrAccumulator(Week);
        fcr.Add(new ContactOutcome(true, true, null));
        fcr.Add(new ContactOutcome(true, false, null));
        Assert.Equal(new KpiRate(1, 1), fcr.FirstContactResolution(TransferHandling.ExcludeFromDenominator, FcrDenominator.ResolvedContacts));
        Assert.Equal(new KpiRate(1, 2), fcr.FirstContactResolution(TransferHandling.CountAsNotResolved, FcrDenominator.ResolvedContacts));
    }

    [Fact]
    public void Add_NextContactExactlyAtWindow_IsNotARepeat()
    {
        var fcr = new FcrAccumulator(Week);
        fcr.Add(new ContactOutcome(true, false, Week));
        fcr.Add(new ContactOutcome(true, false, Week - Duration.FromNanoseconds(1)));
        Assert.Equal(1, fcr.Repeats);
        Assert.Equal(1, fcr.FirstContactResolved);
    }

    [Fact]
    public void Constructor_NegativeWindowOrGap_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FcrAccumulator(Duration.FromHours(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContactOutcome(true, false, Duration.FromSeconds(-1)));
    }

    [Fact]
    public void Merge_DifferentWindows_ThrowsAndChangesNothing()
    {
        var a = new FcrAccumulator(Week);
        a.Add(default);
        Assert.Throws<ArgumentException>(() => a.Merge(new FcrAccumulator(Duration.FromDays(30))));
        Assert.Equal(1, a.Count);
    }

    [Fact]
    public void FirstContactResolution_UndefinedEnum_Throws()
    {
        var fcr = new FcrAccumulator(Week);
        Assert.Throws<ArgumentOutOfRangeException>(() => fcr.FirstContactResolution((TransferHandling)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => fcr.FirstContactResolution(TransferHandling.CountAsNotResolved, (FcrDenominator)9));
    }

    [Property(Arbitrary = new[] { typeof(KpisArbitraries) })]
    public bool Merge_Meets_Specification(ContactBatch batch)
    {
        var window = Duration.FromHours(168);
        var single = new FcrAccumulator(window);
        single.AddRange(batch.Contacts);
        var left = new FcrAccumulator(window);
        left.AddRange(batch.Contacts.AsSpan(0, batch.Split));
        var right = new FcrAccumulator(window);
        foreach (var c in batch.Contacts.Skip(batch.Split))
        {
            right.Add(c);
        }

        left.Merge(right);

        // Independent count straight from the definition.
        long expectedFirst = batch.Contacts.Count(c => c.Resolved && !c.Transferred && !(c.TimeToNextContact < window));
        long expectedRepeats = batch.Contacts.Count(c => c.TimeToNextContact < window);
        var rate = single.FirstContactResolution(TransferHandling.CountAsNotResolved);
        return left.FirstContactResolution() == single.FirstContactResolution()
            && left.RepeatContactRate == single.RepeatContactRate
            && single.FirstContactResolved == expectedFirst && single.Repeats == expectedRepeats
            && rate.Numerator <= rate.Denominator;
    }

    [Fact]
    public void Merge_CountPastInt64MaxValue_ThrowsOverflowAndChangesNothing()
    {
        var acc = new FcrAccumulator(Duration.FromDays(7));
        acc.Add(new ContactOutcome(true, false, null));
        for (int i = 0; i < 62; i++)
        {
            acc.Merge(acc);
        }

        Assert.Throws<OverflowException>(() => acc.Merge(acc));
        Assert.Equal(new KpiRate(1L << 62, 1L << 62), acc.FirstContactResolution());
    }
}
