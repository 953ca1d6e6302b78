using System.Reflection;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>
/// The app's own store behind a proxy that calls <see cref="Before"/> with each store call's method name and
/// arguments (and the real store) before making it: to count calls, or to let "someone else" act at the exact
/// moment a page reaches the store.
/// </summary>
public class InterceptedStore : DispatchProxy
{
    private IChangeBotStore _inner = null!;
    private Action<string, object?[], IChangeBotStore> _before = null!;

    /// <summary>Replaces the app's <see cref="IChangeBotStore"/> registration with one that calls <paramref name="before"/> first.</summary>
    public static void Wrap(IServiceCollection services, Action<string, object?[], IChangeBotStore> before)
    {
        var original = services.Last(d => d.ServiceType == typeof(IChangeBotStore));
        services.Remove(original);
        // The real store stays a service of its own, so the container still disposes it.
        services.AddSingleton(sp => new Inner((IChangeBotStore)original.ImplementationFactory!(sp)));
        services.AddSingleton(sp =>
        {
            var proxy = Create<IChangeBotStore, InterceptedStore>();
            var intercepted = (InterceptedStore)(object)proxy;
            intercepted._inner = sp.GetRequiredService<Inner>().Store;
            intercepted._before = before;
            return proxy;
        });
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        _before(targetMethod!.Name, args ?? [], _inner);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    public sealed class Inner(IChangeBotStore store) : IDisposable
    {
        public IChangeBotStore Store { get; } = store;

        public void Dispose() => (Store as IDisposable)?.Dispose();
    }
}
