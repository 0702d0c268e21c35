using System.Text;
using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace CustomerService.Core.Tests.Leads.Studio;

public sealed class StudioPlaybookOptionsTests
{
    private static StudioPlaybookOptions Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new StudioPlaybookOptions();
        configuration.Bind(options);
        return options;
    }

    [Fact]
    public void Create_BoundFromJson_ChangesThePlan()
    {
        var options = Bind("""
        {
          "ApologyDelayMinutes": 25,
          "AfternoonStart": "14:00",
          "Templates": { "NoDealApology": "custom.apology" },
          "Catalogue": [
            { "Key": "surprise.a", "Kind": "surprise-package", "From": "2026-11-01", "Until": "2027-01-01", "CallbackCustomersOnly": true },
            { "Key": "surprise.b", "Kind": "surprise-package", "From": "2026-11-01", "Until": "2027-01-01", "CallbackCustomersOnly": true }
          ]
        }
        """);
        var planner = new OutreachPlanner(StudioPlaybook.Create(options), OutreachPlannerTests.SendingHours);
        var left = OutreachPlannerTests.Local(2026, 11, 23, 11, 0);

        var plan = planner.Plan(VisitOutcome.NoDeal("c1", left, true));
        var second = planner.Plan(new FollowUpCallOutcome("c1", left, 1, FollowUpCallResult.NotReturned));

        Assert.Equal(("custom.apology", left + Duration.FromMinutes(25)), (plan.Messages[0].TemplateKey, plan.Messages[0].SendAt));
        Assert.Equal(OutreachPlannerTests.Local(2026, 11, 23, 14, 0), plan.Callbacks[0].Due.Start);
        Assert.Equal(["surprise.a", "surprise.b"], second.Callbacks[0].OfferKeys);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new StudioPlaybookOptionsValidator().Validate(null, new StudioPlaybookOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryError_NamesItsKey()
    {
        var options = Bind("""
        {
          "Name": "",
          "DepositThresholdPercent": 0,
          "ApologyDelayMinutes": 31,
          "AfternoonStart": "17:30",
          "AfternoonEnd": "13:30",
          "ReminderTime": "ten",
          "Templates": { "Birthday": "" },
          "Catalogue": [ { "Key": "s", "Kind": "surprise-package", "From": "2026-03-01", "Until": "2026-01-01" } ]
        }
        """);

        var failures = new StudioPlaybookOptionsValidator().Validate(null, options).Failures!.ToList();

        foreach (var key in new[] { "Name:", "DepositThresholdPercent:", "ApologyDelayMinutes:", "AfternoonEnd:", "ReminderTime:", "Templates:Birthday:", "Catalogue:0:Until:", "Catalogue:" })
        {
            Assert.Contains(failures, f => f.StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_NullCatalogueEntryAndTemplate_NameEachKey()
    {
        var options = new StudioPlaybookOptions();
        options.Catalogue.Add(new CatalogueEntryOptions { Key = "s1", Kind = CatalogueKinds.SurprisePackage, From = "2026-11-01", Until = "2027-01-01" });
        options.Catalogue.Add(null!);
        options.Catalogue.Add(new CatalogueEntryOptions { Key = "s2", Kind = CatalogueKinds.SurprisePackage, From = "2026-11-01", Until = "2027-01-01" });
        options.Templates.Anniversary = null!;
        options.AfternoonStart = null!;

        var failures = new StudioPlaybookOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Catalogue:1:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Templates:Anniversary:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AfternoonStart:", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => StudioPlaybook.Create(options));
        Assert.Contains("Catalogue:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Invalid_ThrowsWithTheKey()
    {
        var error = Assert.Throws<ArgumentException>(() => StudioPlaybook.Create(new StudioPlaybookOptions { ApologyDelayMinutes = 45 }));
        Assert.Contains("ApologyDelayMinutes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_ReturnsACopy()
    {
        var playbook = StudioPlaybook.Default;
        playbook.Templates.FullPayment = "changed";

        Assert.Equal("visit.full-payment.thanks", playbook.Templates.FullPayment);
    }
}
