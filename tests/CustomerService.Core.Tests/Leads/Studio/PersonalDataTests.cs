using CustomerService.Core.Leads;
using CustomerService.Core.Leads.Studio;

namespace CustomerService.Core.Tests.Leads.Studio;

/// <summary>Phone, address, name and birthday never leak into exception messages or printed plans.</summary>
public sealed class PersonalDataTests
{
    private static void AssertClean(string text)
    {
        var profile = CustomerProfileTests.Sample();
        Assert.DoesNotContain(profile.Phone!, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wenchang", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Xiaomei", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1998", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceptions_AboutAProfile_CarryNoPersonalData()
    {
        var profile = CustomerProfileTests.Sample();
        AssertClean(Assert.Throws<ArgumentException>(() => StudioSegmentation.WriteFacts(profile, new FactValue[1])).Message);
        AssertClean(Assert.Throws<ArgumentException>(() => profile with { Id = "" }).Message);
        AssertClean(Assert.Throws<ArgumentException>(() => StudioSegmentation.CreateRuleSet(OutreachPlannerTests.Shanghai).For(new NodaTime.LocalDate(2026, 1, 1)).Evaluate(new FactValue[2])).Message);
    }

    [Fact]
    public async Task Store_Conflict_CarriesNoPersonalData()
    {
        var store = new InMemoryCustomerProfileStore();
        var profile = CustomerProfileTests.Sample();
        await store.SaveAsync(profile, null);

        var conflict = await Assert.ThrowsAsync<CustomerService.Core.Storage.ConcurrencyConflictException>(async () => await store.SaveAsync(profile, null));

        AssertClean(conflict.Message);
        AssertClean((await store.FindAsync(profile.Id))!.ToString());
    }

    [Fact]
    public void Plans_AndBirthdayEvents_PrintNoPersonalData()
    {
        var planner = new OutreachPlanner(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);
        var birthday = new BirthdayKnown("HT-1", OutreachPlannerTests.Local(2026, 11, 23, 8, 0), CustomerProfileTests.Sample().Birthday!.Value);

        var plan = planner.Plan(birthday);

        AssertClean(birthday.ToString());
        AssertClean(plan.ToString());
        AssertClean(string.Join("\n", plan.Steps.Select(s => s.ToString())).Replace("2026", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_BirthdayGreetingOutsideTheRange_ErrorCarriesNoBirthday()
    {
        var planner = new OutreachPlanner(StudioPlaybook.Default, OutreachPlannerTests.SendingHours);
        var birthday = new NodaTime.LocalDate(2250, 4, 17);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => planner.Plan(new BirthdayKnown("HT-1", OutreachPlannerTests.Local(2026, 11, 23, 8, 0), birthday)));

        Assert.Equal("leadEvent", error.ParamName);
        Assert.DoesNotContain("2250", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("04-17", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ActualValue);
    }
}
