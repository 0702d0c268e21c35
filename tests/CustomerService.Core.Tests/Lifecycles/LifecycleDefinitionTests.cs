using CustomerService.Core.Lifecycles;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using FsCheck.Xunit;
using NodaTime;
using Stateless;

namespace CustomerService.Core.Tests.Lifecycles;

/// <summary>
/// The pooled definition answers unguarded transitions of plain states from a table read off the machine's own
/// description; everything it decides must be what running the machine decides (a state, or the same exception).
/// </summary>
public sealed class LifecycleDefinitionTests
{
    public enum Light
    {
        Off,
        On,
        Blinking,
        Broken,
        Parent,
        Child,
    }

    public enum Switch
    {
        Press,
        Hold,
        Kick,
        Reset,
        Noise,
        Route,
        Inherited,
    }

    /// <summary>
    /// Every kind of behaviour the table must leave to the machine, next to plain ones it may answer: guards (met and
    /// not), a trigger with two guarded ways, an ignored trigger, a dynamic one, entry and exit actions, a superstate
    /// and its substate, reentry and unhandled triggers.
    /// </summary>
    private static void Configure(StateMachine<Light, Switch> machine, Func<bool> allowed)
    {
        machine.Configure(Light.Off)
            .Permit(Switch.Press, Light.On)
            .PermitIf(Switch.Hold, Light.Blinking, () => allowed(), "allowed")
            .PermitIf(Switch.Kick, Light.Broken, () => allowed(), "kick allowed")
            .PermitIf(Switch.Kick, Light.On, () => !allowed(), "kick refused")
            .Ignore(Switch.Noise)
            .PermitDynamic(Switch.Route, () => allowed() ? Light.Blinking : Light.On);
        machine.Configure(Light.On)
            .Permit(Switch.Press, Light.Off)
            .PermitReentry(Switch.Hold)
            .Permit(Switch.Kick, Light.Broken);
        machine.Configure(Light.Blinking)
            .OnEntry(() => { })
            .Permit(Switch.Press, Light.Off)
            .PermitReentry(Switch.Hold);
        machine.Configure(Light.Broken)
            .OnExit(() => { })
            .Permit(Switch.Reset, Light.Off);
        machine.Configure(Light.Parent)
            .Permit(Switch.Inherited, Light.Off)
            .Permit(Switch.Press, Light.Child);
        machine.Configure(Light.Child)
            .SubstateOf(Light.Parent)
            .Permit(Switch.Reset, Light.Off);
    }

    [Fact]
    public void Fire_EveryStateTriggerAndGuard_DecidesAsTheMachineDoes()
    {
        var allowed = false;
        var pooled = new LifecycleDefinition<Light, Switch, bool>("Light", Light.Off, (m, context) => Configure(m, () => context()), poolMachines: true);
        var machine = new LifecycleDefinition<Light, Switch, bool>("Light", Light.Off, (m, context) => Configure(m, () => context()), poolMachines: false);
        var compared = 0;
        foreach (var guard in new[] { false, true })
        {
            allowed = guard;
            foreach (var state in Enum.GetValues<Light>())
            {
                foreach (var trigger in Enum.GetValues<Switch>())
                {
                    Assert.Equal(Outcome(() => machine.Fire(state, trigger, allowed)), Outcome(() => pooled.Fire(state, trigger, allowed)));
                    compared++;
                }
            }
        }

        Assert.Equal(2 * 6 * 7, compared);
        Assert.Empty(machine.UnguardedTransitions);
        Assert.Equal(
            [(Light.Off, Switch.Press), (Light.On, Switch.Press), (Light.On, Switch.Hold), (Light.On, Switch.Kick)],
            pooled.UnguardedTransitions.OrderBy(p => p.State).ThenBy(p => p.Trigger));
    }

    [Property(Arbitrary = [typeof(TicketArbitraries)], MaxTest = 300)]
    public bool TicketDecide_AnyScript_IsWhatAMachinePerTransitionDecides(TicketScript script)
    {
        var pooled = new TicketLifecycle(new TicketOptions());
        var perTransition = new TicketLifecycle(new TicketOptions(), poolMachines: false);
        var ticket = TicketArbitraries.NewTicket();
        var now = TicketArbitraries.Start;
        foreach (var step in script.Steps)
        {
            now += Duration.FromMinutes(step.MinutesLater);
            var expected = Outcome(() => perTransition.Decide(ticket, step.Trigger, now));
            if (Outcome(() => pooled.Decide(ticket, step.Trigger, now)) != expected)
            {
                return false;
            }

            if (pooled.CanFire(ticket, step.Trigger, now))
            {
                ticket = pooled.Apply(ticket, TicketArbitraries.CommandFor(step.Trigger), "agent-1", now);
            }
        }

        return true;
    }

    /// <summary>The state decided, or the exception's type and message.</summary>
    private static string Outcome<TState>(Func<TState> fire)
    {
        try
        {
            return "state " + fire();
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }
}
