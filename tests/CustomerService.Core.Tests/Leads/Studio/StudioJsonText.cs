using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Serialization;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>The studio desk's stored JSON, written and read as its profile store does (CustomerServiceJson's envelope and rules over the studio's metadata).</summary>
internal static class StudioJsonText
{
    public static string Write(CustomerProfile profile) => CustomerServiceJson.Serialize(profile, StudioJson.CustomerProfile);

    public static string Write(SegmentAssignment assignment) => CustomerServiceJson.Serialize(assignment, StudioJson.SegmentAssignment);

    public static CustomerProfile ReadProfile(string json) => CustomerServiceJson.Deserialize(json, StudioJson.CustomerProfile);

    public static SegmentAssignment ReadAssignment(string json) => CustomerServiceJson.Deserialize(json, StudioJson.SegmentAssignment);
}

/// <summary>The studio desk's stored form after it moved to a package of its own.</summary>
public sealed class StudioJsonFormatTests
{
    /// <summary>A profile row as the library wrote it when profiles were part of the core package: it still reads, field for field.</summary>
    [Fact]
    public void ReadProfile_ARowWrittenBeforeTheStudioBecameAPackage_ReadsEqual()
    {
        const string stored = """
            {"schemaVersion":1,"data":{"Id":"P-7","Name":"Li","Phone":"138","Address":null,"Birthday":"1996-04-02","WeddingDate":"2027-05-24","HasPartner":true,"Married":false,"OrderCustomer":true,"Store":"Yangzhou","Segment":"D","Reclassification":{"Segment":"D","Reason":"two calls not returned","At":"2026-11-23T02:00:00Z"},"Version":3}}
            """;

        var profile = StudioJsonText.ReadProfile(stored.Trim());

        Assert.Equal(
            new CustomerService.Core.Leads.Studio.CustomerProfile("P-7")
            {
                Name = "Li", Phone = "138", Birthday = new NodaTime.LocalDate(1996, 4, 2), WeddingDate = new NodaTime.LocalDate(2027, 5, 24),
                HasPartner = true, Married = false, OrderCustomer = true, Store = "Yangzhou", Segment = "D",
                Reclassification = new CustomerService.Core.Leads.Studio.Reclassification("D", "two calls not returned", NodaTime.Instant.FromUtc(2026, 11, 23, 2, 0)),
                Version = 3,
            },
            profile);
        Assert.Equal(profile, StudioJsonText.ReadProfile(StudioJsonText.Write(profile)));
    }

    [Fact]
    public void CustomerServiceJson_ExtensionOverloads_RefuseNullArguments()
    {
        Assert.Equal("resolver", Assert.Throws<ArgumentNullException>(() => CustomerServiceJson.CreateOptions(null!)).ParamName);
        Assert.Equal("typeInfo", Assert.Throws<ArgumentNullException>(() => CustomerServiceJson.Serialize(new CustomerService.Core.Leads.Studio.CustomerProfile("P-1"), null!)).ParamName);
        Assert.Equal("typeInfo", Assert.Throws<ArgumentNullException>(() => CustomerServiceJson.Deserialize<CustomerService.Core.Leads.Studio.CustomerProfile>("{}", null!)).ParamName);
    }

    [Fact]
    public void CoreSerializer_AStudioType_IsNotOneOfItsTypes()
    {
        Assert.Throws<NotSupportedException>(() => CustomerServiceJson.Serialize(new CustomerService.Core.Leads.Studio.CustomerProfile("P-1")));
    }
}
