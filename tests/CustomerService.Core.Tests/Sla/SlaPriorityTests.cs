using CustomerService.Core.Sla;

namespace CustomerService.Core.Tests.Sla;

public sealed class SlaPriorityTests
{
    [Fact]
    public void Equals_NamesDifferingInCase_AreEqual()
    {
        Assert.Equal(SlaPriority.Urgent, new SlaPriority("URGENT"));
        Assert.Equal(SlaPriority.Urgent.GetHashCode(), new SlaPriority("urgent").GetHashCode());
        Assert.NotEqual(SlaPriority.Urgent, SlaPriority.High);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("紧急")]
    public void Constructor_InvalidName_ThrowsArgumentException(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new SlaPriority(name));

        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Default_HasNoName()
    {
        Assert.True(default(SlaPriority).IsDefault);
        Assert.Equal(string.Empty, default(SlaPriority).Name);
        Assert.False(SlaPriority.Low.IsDefault);
        Assert.Equal("Low", SlaPriority.Low.ToString());
    }
}
