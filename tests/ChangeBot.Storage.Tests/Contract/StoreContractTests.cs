using System.Text.Json;
using System.Text.Json.Serialization;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IChangeBotStore"/> must have. A backend gets the whole suite by subclassing
/// and saying how to open its store; xunit creates one instance per test, so each test gets fresh storage.
/// A PostgreSQL subclass creates a database (or schema) per instance in its constructor, opens stores on it in
/// <see cref="OpenStore"/>, drops it in <see cref="DisposeStorage"/>, and calls <c>Prerequisite.Require</c>
/// when no server is reachable.
/// </summary>
public abstract partial class StoreContractTests : IDisposable
{
    private static readonly JsonSerializerOptions Comparison = new() { Converters = { new JsonStringEnumConverter() } };

    private IChangeBotStore? _store;

    /// <summary>The store under test, opened on first use (not thread-safe: take it before racing calls).</summary>
    protected IChangeBotStore Store => _store ??= OpenStore();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens this test's storage: empty the first time, the same data when called again after a close.</summary>
    protected abstract IChangeBotStore OpenStore();

    /// <summary>Whether data outlives the store instance (false for the in-memory store).</summary>
    protected virtual bool IsDurable => true;

    /// <summary>Makes <paramref name="store"/> call <paramref name="beforeEachWrite"/> inside an import, before each
    /// notice it writes, so a test can fail an import half-way.</summary>
    protected abstract void SetImportFault(IChangeBotStore store, Action<Notice>? beforeEachWrite);

    /// <summary>Closes the store and opens it again on the same data, so reads prove what was persisted.</summary>
    protected IChangeBotStore Reopen()
    {
        if (IsDurable && _store is not null)
        {
            (_store as IDisposable)?.Dispose();
            _store = null;
        }

        return Store;
    }

    /// <summary>Compares records by every public property's value (records holding lists compare by reference).</summary>
    protected static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Comparison), JsonSerializer.Serialize(actual, Comparison));

    protected static void AssertSameAll<T>(IEnumerable<T> expected, IEnumerable<T> actual) =>
        Assert.Equal(
            expected.Select(e => JsonSerializer.Serialize(e, Comparison)),
            actual.Select(a => JsonSerializer.Serialize(a, Comparison)));

    /// <summary>Runs <paramref name="count"/> calls released at the same moment, to race them on the store.</summary>
    protected static Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> call) => Race.AtOnceAsync(count, call);

    [Fact]
    public async Task Ping_OpenStore_ReturnsTrue()
    {
        Assert.True(await Store.PingAsync(Ct));
    }

    public void Dispose()
    {
        (_store as IDisposable)?.Dispose();
        DisposeStorage();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes this test's storage (temp folder, database) after the store is closed.</summary>
    protected virtual void DisposeStorage()
    {
    }
}
