using CustomerService.Core.Knowledge;
using FsCheck.Xunit;
using NodaTime;
using static CustomerService.Core.Tests.Knowledge.KnowledgeDesk;

namespace CustomerService.Core.Tests.Knowledge;

public sealed class ArticleLifecycleTests
{
    /// <summary>The table of docs/knowledge.md, written out independently of the code.</summary>
    private static readonly Dictionary<(ArticleState, ArticleTrigger), ArticleState> Documented = new()
    {
        [(ArticleState.Draft, ArticleTrigger.Edit)] = ArticleState.Draft,
        [(ArticleState.Draft, ArticleTrigger.Submit)] = ArticleState.InReview,
        [(ArticleState.Draft, ArticleTrigger.Retire)] = ArticleState.Retired,
        [(ArticleState.Draft, ArticleTrigger.ChangeOwner)] = ArticleState.Draft,
        [(ArticleState.InReview, ArticleTrigger.Approve)] = ArticleState.Published,
        [(ArticleState.InReview, ArticleTrigger.RequestChanges)] = ArticleState.Draft,
        [(ArticleState.InReview, ArticleTrigger.ChangeOwner)] = ArticleState.InReview,
        [(ArticleState.Published, ArticleTrigger.ReviewDue)] = ArticleState.NeedsReview,
        [(ArticleState.Published, ArticleTrigger.Edit)] = ArticleState.Draft,
        [(ArticleState.Published, ArticleTrigger.Retire)] = ArticleState.Retired,
        [(ArticleState.Published, ArticleTrigger.ChangeOwner)] = ArticleState.Published,
        [(ArticleState.NeedsReview, ArticleTrigger.Confirm)] = ArticleState.Published,
        [(ArticleState.NeedsReview, ArticleTrigger.Edit)] = ArticleState.Draft,
        [(ArticleState.NeedsReview, ArticleTrigger.Retire)] = ArticleState.Retired,
        [(ArticleState.NeedsReview, ArticleTrigger.ChangeOwner)] = ArticleState.NeedsReview,
    };

    [Fact]
    public void Create_NewArticle_IsADraftAtVersionZeroWithItsFirstContent()
    {
        var draft = Lifecycle.Create(Sample(), "agent-writer", Monday);

        Assert.Equal(ArticleState.Draft, draft.State);
        Assert.Equal(0, draft.Version);
        Assert.Empty(draft.History);
        Assert.Equal([new ArticleVersion(1, "How long does a refund take?", "cms://kb/KB-1", "agent-writer", Monday)], draft.Versions);
        Assert.Null(draft.ReviewDueAt);
        Assert.False(draft.IsLive);
    }

    [Fact]
    public void Apply_WholeLife_RecordsEveryStepAndVersion()
    {
        var published = Published(Monday);
        Assert.Equal(ArticleState.Published, published.State);
        Assert.Equal(Monday, published.FirstPublishedAt);
        Assert.Equal(Monday, published.ReviewedAt);
        Assert.NotNull(published.ReviewDueAt);

        var due = Lifecycle.Apply(published, new ArticleCommand.ReviewDue(), ArticleService.DueWorkActor, published.ReviewDueAt!.Value);
        Assert.Equal(ArticleState.NeedsReview, due.State);
        Assert.True(due.IsLive);

        var edited = Lifecycle.Apply(due, new ArticleCommand.Edit("Refunds: how long?", "cms://kb/KB-1@2"), "agent-owner", due.UpdatedAt!.Value + Duration.FromHours(1));
        Assert.Equal(ArticleState.Draft, edited.State);
        Assert.Null(edited.ReviewDueAt);
        Assert.Equal([1, 2], edited.Versions.Select(v => v.Number));
        Assert.Equal("agent-owner", edited.Current!.AuthorId);

        var retired = Lifecycle.Apply(edited, new ArticleCommand.Retire("product withdrawn"), "agent-owner", edited.UpdatedAt!.Value);
        Assert.Equal(ArticleState.Retired, retired.State);
        Assert.Equal(edited.UpdatedAt, retired.RetiredAt);
        Assert.Equal(Monday, retired.FirstPublishedAt);
        Assert.Equal(5, retired.Version);
        Assert.Equal(
            [ArticleTrigger.Submit, ArticleTrigger.Approve, ArticleTrigger.ReviewDue, ArticleTrigger.Edit, ArticleTrigger.Retire],
            retired.History.Select(h => h.Trigger));
        Assert.Equal("product withdrawn", retired.History[^1].Reason);
        Assert.Empty(Lifecycle.GetPermittedTriggers(retired, "agent-owner", retired.UpdatedAt!.Value));
    }

    [Fact]
    public void Apply_ApprovalByTheAuthor_IsRefusedNamingTheGuardAndChangesNothing()
    {
        var draft = Lifecycle.Create(Sample(), "agent-writer", Monday);
        var submitted = Lifecycle.Apply(draft, new ArticleCommand.Submit(), "agent-writer", Monday);
        var before = submitted with { };

        var e = Assert.Throws<InvalidTransitionException<ArticleState, ArticleTrigger>>(() => Lifecycle.Apply(submitted, new ArticleCommand.Approve(), "agent-writer", Monday));

        Assert.Equal(ArticleState.InReview, e.State);
        Assert.Equal(ArticleTrigger.Approve, e.Trigger);
        Assert.Equal(["the reviewer is not the author of the current version"], e.UnmetGuards);
        Assert.Equal([ArticleTrigger.RequestChanges, ArticleTrigger.ChangeOwner], e.PermittedTriggers);
        Assert.Equal(before, submitted);
    }

    [Theory]
    [InlineData(ArticleTrigger.Approve)]
    [InlineData(ArticleTrigger.Confirm)]
    [InlineData(ArticleTrigger.ReviewDue)]
    public void Apply_TriggerNotPermittedInDraft_ThrowsWithThePermittedOnes(ArticleTrigger trigger)
    {
        var draft = Lifecycle.Create(Sample(), "agent-writer", Monday);
        ArticleCommand command = trigger switch
        {
            ArticleTrigger.Approve => new ArticleCommand.Approve(),
            ArticleTrigger.Confirm => new ArticleCommand.Confirm(),
            _ => new ArticleCommand.ReviewDue(),
        };

        var e = Assert.Throws<InvalidTransitionException<ArticleState, ArticleTrigger>>(() => Lifecycle.Apply(draft, command, "agent-reviewer", Monday));

        Assert.Equal(ArticleLifecycle.LifecycleName, e.Lifecycle);
        Assert.Equal(ArticleState.Draft, e.State);
        Assert.Equal([ArticleTrigger.Edit, ArticleTrigger.Submit, ArticleTrigger.Retire, ArticleTrigger.ChangeOwner], e.PermittedTriggers);
        Assert.Empty(e.UnmetGuards);
    }

    [Fact]
    public void Apply_ReviewDueBeforeTheReviewDate_IsRefused()
    {
        var published = Published(Monday);
        var e = Assert.Throws<InvalidTransitionException<ArticleState, ArticleTrigger>>(
            () => Lifecycle.Apply(published, new ArticleCommand.ReviewDue(), ArticleService.DueWorkActor, published.ReviewDueAt!.Value - Duration.FromNanoseconds(1)));
        Assert.Equal(["the review date has come"], e.UnmetGuards);
    }

    [Fact]
    public void Apply_BadInput_ThrowsNamingItAndChangesNothing()
    {
        var draft = Lifecycle.Create(Sample(), "agent-writer", Monday);

        Assert.Equal("Title", Assert.Throws<ArgumentException>(() => Lifecycle.Apply(draft, new ArticleCommand.Edit(" ", "cms://x"), "a", Monday)).ParamName);
        Assert.Equal("Why", Assert.Throws<ArgumentException>(() => Lifecycle.Apply(draft, new ArticleCommand.Retire(""), "a", Monday)).ParamName);
        Assert.Equal("command", Assert.Throws<ArgumentException>(() => Lifecycle.Apply(draft, new ArticleCommand.ChangeOwner("agent-owner"), "a", Monday)).ParamName);
        Assert.Equal("actor", Assert.Throws<ArgumentException>(() => Lifecycle.Apply(draft, new ArticleCommand.Submit(), " ", Monday)).ParamName);
        Assert.Throws<ArgumentNullException>(() => Lifecycle.Apply(draft, null!, "a", Monday));
        Assert.Equal("Id", Assert.Throws<ArgumentException>(() => Lifecycle.Create(Sample(id: new string('x', 129)), "a", Monday)).ParamName);
        Assert.Equal("Category", Assert.Throws<ArgumentException>(() => Lifecycle.Create(Sample(category: ""), "a", Monday)).ParamName);
        Assert.Equal(0, draft.Version);
    }

    [Fact]
    public void Apply_ClockBehindTheArticle_IsClampedAndTheRequestedInstantKept()
    {
        var draft = Lifecycle.Create(Sample(), "agent-writer", Monday);
        var earlier = Monday - Duration.FromSeconds(3);

        var submitted = Lifecycle.Apply(draft, new ArticleCommand.Submit(), "agent-writer", earlier);

        Assert.Equal(Monday, submitted.UpdatedAt);
        Assert.Equal(Monday, submitted.History[0].At);
        Assert.Equal(earlier, submitted.History[0].RequestedAt);
    }

    /// <summary>Random command sequences: a permitted trigger moves to the documented state and appends one entry; any other throws and changes nothing.</summary>
    [Property(MaxTest = 300)]
    public bool RandomCommands_Meets_Specification(int[] picks)
    {
        ArticleCommand[] commands =
        [
            new ArticleCommand.Edit("Q", "cms://q"), new ArticleCommand.Submit(), new ArticleCommand.Approve(), new ArticleCommand.RequestChanges("unclear"),
            new ArticleCommand.ReviewDue(), new ArticleCommand.Confirm(), new ArticleCommand.Retire("gone"), new ArticleCommand.ChangeOwner("agent-other"),
        ];
        string[] actors = ["agent-writer", "agent-reviewer", "agent-owner"];
        var article = Lifecycle.Create(Sample(), "agent-writer", Monday);
        var now = Monday;
        foreach (var pick in picks ?? [])
        {
            var command = commands[(pick & int.MaxValue) % commands.Length];
            var actor = actors[((pick & int.MaxValue) / commands.Length) % actors.Length];
            now += Duration.FromDays((pick & int.MaxValue) % 40);
            if (command is ArticleCommand.ChangeOwner && article.OwnerId == "agent-other")
            {
                command = new ArticleCommand.ChangeOwner("agent-owner");
            }

            var permitted = Lifecycle.GetPermittedTriggers(article, actor, now);
            var guardsPass = command.Trigger switch
            {
                ArticleTrigger.Approve => article.Current!.AuthorId != actor,
                ArticleTrigger.ReviewDue => article.ReviewDueAt <= now,
                _ => true,
            };
            var expected = Documented.TryGetValue((article.State, command.Trigger), out var to) && guardsPass ? to : (ArticleState?)null;
            if (permitted.Contains(command.Trigger) != expected.HasValue)
            {
                return false;
            }

            if (expected is { } destination)
            {
                var next = Lifecycle.Apply(article, command, actor, now);
                var ok = next.State == destination && next.Version == article.Version + 1 && next.History.Count == next.Version
                    && next.History[^1] == new TransitionRecord<ArticleState, ArticleTrigger>(actor, now, article.State, destination, command.Trigger, command.Reason)
                    && next.Versions.Select(v => v.Number).SequenceEqual(Enumerable.Range(1, next.Versions.Count))
                    && (next.State == ArticleState.Published) == (ArticleLifecycle.NextDueAt(next) is not null)
                    && (next.State != ArticleState.Published || next.ReviewDueAt == Schedule.ReviewDueAt(next.Category, next.OwnerId, next.ReviewedAt!.Value));
                if (!ok)
                {
                    return false;
                }

                article = next;
            }
            else
            {
                var before = article;
                var e = Assert.Throws<InvalidTransitionException<ArticleState, ArticleTrigger>>(() => Lifecycle.Apply(article, command, actor, now));
                if (e.State != article.State || !e.PermittedTriggers.SequenceEqual(permitted) || !ReferenceEquals(before, article))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
