// The net8.0 build of every package compiles this file (src/Directory.Build.props); net9.0 and later have the real type.
namespace System.Threading;

/// <summary>A stand-in for .NET 9's <c>System.Threading.Lock</c> on the monitor: the compiler turns <c>lock (gate)</c> on a type of this name into <see cref="EnterScope"/>.</summary>
internal sealed class Lock
{
    private readonly object _monitor = new();

    /// <summary>Enters the lock; disposing the scope leaves it.</summary>
    /// <returns>The scope that holds the lock.</returns>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    /// <summary>A held lock.</summary>
    public readonly ref struct Scope
    {
        private readonly object _monitor;

        internal Scope(object monitor)
        {
            _monitor = monitor;
        }

        /// <summary>Leaves the lock.</summary>
        public void Dispose() => Monitor.Exit(_monitor);
    }
}
