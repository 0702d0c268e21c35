using CustomerService.Core.Knowledge;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Tests.Sqlite;
using NodaTime;

namespace CustomerService.Core.Tests.Serialization;

/// <summary>A package's event types: their names are checked, and a storage refuses registrations that contradict each other.</summary>
public sealed class CustomerServiceEventTypeTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Article Transitioned")]
    [InlineData("Article/Transitioned")]
    [InlineData("TicketTransitioned")]
    [InlineData("SlaMilestoneReached")]
    public void Create_BadOrTakenName_ThrowsNamingIt(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => CustomerServiceEventType.Create<ArticleTransitioned>(name, KnowledgeJsonContext.Default));

        Assert.Equal("typeName", e.ParamName);
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TypeThatIsNotSealed_Throws()
    {
        Assert.Throws<ArgumentException>(() => CustomerServiceEventType.Create<OpenEvent>("OpenEvent", KnowledgeJsonContext.Default));
        Assert.Throws<ArgumentNullException>(() => CustomerServiceEventType.Create<ArticleCreated>(null!, KnowledgeJsonContext.Default));
        Assert.Throws<ArgumentNullException>(() => CustomerServiceEventType.Create<ArticleCreated>("ArticleCreated", null!));
    }

    private static CustomerServiceEventType[] Contradiction(int index) => index switch
    {
        0 => [CustomerServiceEventType.Create<ArticleCreated>("ArticleEvent", KnowledgeJsonContext.Default), CustomerServiceEventType.Create<ArticleTransitioned>("ArticleEvent", KnowledgeJsonContext.Default)],
        1 => [CustomerServiceEventType.Create<ArticleCreated>("ArticleCreated", KnowledgeJsonContext.Default), CustomerServiceEventType.Create<ArticleCreated>("ArticleMade", KnowledgeJsonContext.Default)],
        2 => [CustomerServiceEventType.Create<ArticleCreated>("ArticleCreated", CustomerServiceJsonContext.Default)],
        _ => [null!],
    };

    [Theory]
    [InlineData(0, "is given to both")]
    [InlineData(1, "under two names")]
    [InlineData(2, "does not include")]
    [InlineData(3, "eventTypes")]
    public void DocumentStorage_ContradictoryEventTypes_ThrowsAndSaysWhy(int index, string why)
    {
        using var file = new SqliteTestFile();
        using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = file.ConnectionString });

        var e = Assert.ThrowsAny<ArgumentException>(() => new DocumentStorage(store, eventTypes: Contradiction(index)));

        Assert.Equal("eventTypes", e.ParamName);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentStorage_SameRegistrationTwice_KeepsOneAndReadsTheEvents()
    {
        using var file = new SqliteTestFile();
        using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = file.ConnectionString });

        var storage = new DocumentStorage(store, eventTypes: [.. KnowledgeStorage.EventTypes, .. KnowledgeStorage.EventTypes]);

        Assert.NotNull(KnowledgeStorage.GetArticleStore(storage));
        Assert.Equal(["ArticleCreated", "ArticleTransitioned"], KnowledgeStorage.EventTypes.Select(t => t.TypeName));
    }

    /// <summary>An event type a package forgot to seal.</summary>
    public record OpenEvent(Instant At) : CustomerServiceEvent(At, "test");
}
