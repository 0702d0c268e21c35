using System.Reflection;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;

namespace CustomerService.Core.Tests;

/// <summary>Reflection meta-tests over every exception type the package makes public.</summary>
public sealed class ExceptionConsistencyTests
{
    private static readonly Assembly Package = typeof(CustomerServiceException).Assembly;

    public static TheoryData<Type> PublicExceptionTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in Package.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)))
        {
            data.Add(type);
        }

        return data;
    }

    [Fact]
    public void InvalidTransition_IsTypedSoStatesCompareByValue()
    {
        var lifecycle = new TicketLifecycle(new TicketOptions());
        var closed = TicketArbitraries.NewTicket() with { State = TicketState.Closed };

        var error = Assert.Throws<InvalidTransitionException<TicketState, TicketTrigger>>(
            () => lifecycle.Apply(closed, new TicketCommand.Reopen(), "a", TicketArbitraries.Start));

        Assert.True(error.State == TicketState.Closed);
        Assert.Equal(TicketTrigger.Reopen, error.Trigger);
        Assert.Empty(error.PermittedTriggers);
        Assert.Equal(("Closed", "Reopen"), (error.StateName, error.TriggerName));
        Assert.IsAssignableFrom<InvalidTransitionException>(error);
    }

    [Fact]
    public void Package_ExportsAtLeastTheBaseException()
    {
        Assert.Contains(typeof(CustomerServiceException), Package.GetExportedTypes());
        Assert.True(typeof(CustomerServiceException).IsAbstract);
    }

    [Theory]
    [MemberData(nameof(PublicExceptionTypes))]
    public void PublicException_IsSealedAndDerivesFromTheBase(Type type)
    {
        if (type == typeof(CustomerServiceException))
        {
            return;
        }

        if (type.IsAbstract)
        {
            // A family base (InvalidTransitionException) is abstract, cannot be derived outside the package, and every
            // exported type deriving from it is sealed.
            Assert.DoesNotContain(type.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic), c => c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly);
            Assert.Contains(Package.GetExportedTypes(), t => t.BaseType is { } b && (b == type || (b.IsGenericType && b.GetGenericTypeDefinition() == type)) && t.IsSealed);
        }
        else
        {
            Assert.True(type.IsSealed, $"{type} should be sealed.");
        }

        Assert.True(typeof(CustomerServiceException).IsAssignableFrom(type), $"{type} should derive from {nameof(CustomerServiceException)}.");
    }
}
