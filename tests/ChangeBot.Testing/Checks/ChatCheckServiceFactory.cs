using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeBot.Testing.Checks;

/// <summary>Chat checks wired as the server wires them: the engine behind the real guard (real DNS,
/// which for <c>localhost</c> never leaves the machine), the per-user limit, and a notice lookup.</summary>
public static class ChatCheckServiceFactory
{
    public static ChatCheckService Create(ChecksOptions options, params Notice[] notices) => Create(options, null, notices);

    /// <param name="lookup">DNS answers to use instead of the machine's resolver.</param>
    public static ChatCheckService Create(ChecksOptions options, HostLookup? lookup, params Notice[] notices) =>
        Create(options, lookup, new Notices(notices), TestClock.Fake());

    /// <summary>Notices from <paramref name="store"/>, which also keeps each channel's last check.</summary>
    public static ChatCheckService Create(ChecksOptions options, IChangeBotStore store, TimeProvider time) =>
        Create(options, null, store, time);

    private static ChatCheckService Create<TStore>(ChecksOptions options, HostLookup? lookup, TStore store, TimeProvider time)
        where TStore : INoticeStore, IChannelCheckStore =>
        new(new ChainChecker(new AddressGuard(options, lookup), time, PlatformStores.Embedded), new CheckRateLimiter(options), options, store, store, time,
            NullLogger<ChatCheckService>.Instance);

    /// <summary>Fixed notices; checks kept for readiness are dropped (these tests ask nothing of them).</summary>
    private sealed class Notices(Notice[] notices) : INoticeStore, IChannelCheckStore
    {
        public Task AddChannelCheckAsync(ChannelCheck check, CancellationToken ct = default) => Task.CompletedTask;

        public Task<IReadOnlyList<ChannelCheck>> ListLatestChannelChecksAsync(string noticeId, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<ChannelCheck>>([]);

        public Task<Notice?> GetNoticeAsync(string id, CancellationToken ct = default) =>
            Task.FromResult(notices.FirstOrDefault(n => n.Id == id));

        public Task<IReadOnlyList<Notice>> ListNoticesAsync(CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<Notice>>(notices);

        public Task<IReadOnlyList<Notice>> GetRevisionsAsync(string id, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<ImportResult>> ImportNoticesAsync(IReadOnlyList<Notice> notices, CancellationToken ct = default) =>
            throw new NotSupportedException();

        public Task<bool> UpdateNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default) =>
            throw new NotSupportedException();

        public Task<ImportResult?> TryImportNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default) =>
            throw new NotSupportedException();
    }
}
