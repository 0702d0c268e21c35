using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class CustomerProfileTests
{
    internal static CustomerProfile Sample() => new("HT-20261123-01")
    {
        Name = "Wang Xiaomei",
        Phone = "13912345678",
        Address = "88 Wenchang Road, Yangzhou",
        Birthday = new LocalDate(1998, 4, 17),
        WeddingDate = new LocalDate(2027, 5, 1),
        HasPartner = true,
        Married = false,
        Store = "YZ-1",
    };

    [Fact]
    public void ToString_NeverPrintsPersonalData()
    {
        var text = Sample().ToString();

        Assert.DoesNotContain("13912345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wenchang", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wang", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1998", text, StringComparison.Ordinal);
        Assert.Contains("HT-20261123-01", text, StringComparison.Ordinal);
        Assert.Contains("Phone = ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyId_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CustomerProfile(" "));
    }
}
