using CustomerService.Core.Leads;

namespace CustomerService.Core.Tests.Leads;

public sealed class FactSchemaTests
{
    private static readonly FactSchema TestSchema = FactSchema.CreateBuilder().AddFlag("Vip").AddEnum("Channel", "Store", "Online", "Phone").Build();

    [Fact]
    public void EnumValue_DeclaredName_GivesItsOrdinal()
    {
        Assert.Equal(FactValue.FromEnumOrdinal(1), TestSchema.EnumValue("Channel", "Online"));
        Assert.Equal(1, TestSchema.IndexOf("Channel"));
        Assert.Equal(2, TestSchema.CreateRow().Length);
    }

    [Fact]
    public void FactSchema_BadDefinitions_Throw()
    {
        Assert.Throws<ArgumentException>(() => FactSchema.CreateBuilder().AddFlag("A").AddCount("A"));
        Assert.Throws<ArgumentException>(() => FactSchema.CreateBuilder().AddEnum("E"));
        Assert.Throws<ArgumentException>(() => FactSchema.CreateBuilder().AddEnum("E", "x", "x"));
        Assert.Throws<ArgumentException>(() => FactSchema.CreateBuilder().AddDate(" "));
        Assert.Throws<ArgumentException>(() => TestSchema.EnumValue("Channel", "Fax"));
        Assert.Throws<ArgumentException>(() => TestSchema.EnumValue("Vip", "Store"));
        Assert.Throws<ArgumentException>(() => TestSchema.IndexOf("Nope"));
    }
}
