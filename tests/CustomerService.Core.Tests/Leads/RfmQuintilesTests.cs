using CustomerService.Core.Leads;
using NodaTime;

namespace CustomerService.Core.Tests.Leads;

public sealed class RfmQuintilesTests
{
    [Fact]
    public void FromPopulation_OneToTen_BreaksAtNearestRank()
    {
        int[] days = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        int[] frequency = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
        double[] money = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];

        var quintiles = RfmQuintiles.FromPopulation(days, frequency, money);

        Assert.Equal([2.0, 4, 6, 8], quintiles.RecencyBreakpoints);
        Assert.Equal([2.0, 4, 6, 8], quintiles.FrequencyBreakpoints);
        Assert.Equal([200.0, 400, 600, 800], quintiles.MonetaryBreakpoints);
        Assert.Equal(new RfmScore(5, 1, 1), quintiles.Score(1, 1, 100));
        Assert.Equal(new RfmScore(5, 1, 1), quintiles.Score(2, 2, 200));
        Assert.Equal(new RfmScore(4, 2, 2), quintiles.Score(3, 3, 300));
        Assert.Equal(new RfmScore(1, 5, 5), quintiles.Score(10, 10, 1000));
        Assert.Equal("155", quintiles.Score(10, 10, 1000).Code);
    }

    [Fact]
    public void FromPopulation_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([], [], []));
        Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([1], [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([-1], [1], [1]));
        Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([1], [1], [double.NaN]));
    }

    [Fact]
    public void FromPopulation_BadValue_NamesTheSpanAtFault()
    {
        Assert.Equal("frequency", Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([1], [1, 2], [1])).ParamName);
        Assert.Equal("monetary", Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([1], [1], [1, 2])).ParamName);
        Assert.Equal("frequency", Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([1, 2], [1, -2], [1, 2])).ParamName);
        Assert.Equal("monetary", Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([1, 2], [1, 2], [1, double.NaN])).ParamName);
        Assert.Equal("recencyDays", Assert.Throws<ArgumentException>(() => RfmQuintiles.FromPopulation([], [], [])).ParamName);
    }
}
