using System.Globalization;
using ChangeBot.Core.Storage;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>
/// The embedded store: one LiteDB file. Each record is its <see cref="StoreJson"/> document in a <c>json</c>
/// field, next to the few columns queries and uniqueness need (unique ones as <c>_id</c>).
/// <para>
/// Every method does its work synchronously: LiteDB transactions belong to the calling thread, so an
/// <c>await</c> inside one would commit (or roll back) someone else's work.
/// </para>
/// </summary>
public sealed partial class LiteDbChangeBotStore : IChangeBotStore, IDisposable
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "changebot.db";

    private readonly FileStream? _ownership;
    private readonly LiteDatabase _db;

    /// <summary>Guards read-then-write sequences (import, compare-and-swap, ledger updates). Enough because
    /// <see cref="_ownership"/> makes this process the file's only writer.</summary>
    private readonly Lock _writeGate = new();

    private readonly ILiteCollection<BsonDocument> _notices;
    private readonly ILiteCollection<BsonDocument> _revisions;
    private readonly ILiteCollection<BsonDocument> _subscriptions;
    private readonly ILiteCollection<BsonDocument> _conversations;
    private readonly ILiteCollection<BsonDocument> _secrets;
    private readonly ILiteCollection<BsonDocument> _deliveries;
    private readonly ILiteCollection<BsonDocument> _acks;
    private readonly ILiteCollection<BsonDocument> _unanswered;
    private readonly ILiteCollection<BsonDocument> _processed;
    private readonly ILiteCollection<BsonDocument> _audit;

    /// <summary>Opens (or creates) the database at <paramref name="databasePath"/>.</summary>
    /// <exception cref="StoreInUseException">Another process (or store instance) has the file open.</exception>
    public LiteDbChangeBotStore(string databasePath)
        : this(databasePath, readOnly: false)
    {
    }

    private LiteDbChangeBotStore(string databasePath, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        if (!readOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            _ownership = TakeOwnership(DatabasePath);
        }

        try
        {
            _db = new LiteDatabase(new ConnectionString
            {
                Filename = DatabasePath,
                // Direct, not Shared: the server is the file's one long-lived user, keeps it open and caches
                // pages; Shared reopens the file around every call behind a machine-wide mutex, which costs
                // on every request and would let a CLI write under a running server instead of refusing.
                // Direct mode alone does not keep a second process out on Linux (.NET takes only a shared
                // advisory lock for FileShare.Read), hence the lock file taken above.
                Connection = ConnectionType.Direct,
                // Keys are compared exactly: the default collation ignores case, so 'Ev1' and 'ev1' would collide.
                Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
                ReadOnly = readOnly,
            });
        }
        catch
        {
            _ownership?.Dispose();
            throw;
        }

        _notices = _db.GetCollection("notices");
        _revisions = _db.GetCollection("notice_revisions");
        _subscriptions = _db.GetCollection("subscriptions");
        _conversations = _db.GetCollection("conversations");
        _secrets = _db.GetCollection("secrets");
        _deliveries = _db.GetCollection("deliveries");
        _acks = _db.GetCollection("acknowledgements", BsonAutoId.Int64);
        _unanswered = _db.GetCollection("unanswered");
        _processed = _db.GetCollection("processed_events");
        _audit = _db.GetCollection("audit");
        if (!readOnly)
        {
            EnsureIndexes();
        }
    }

    /// <summary>
    /// Opens an existing file for reading only, also while a server holds it (a reader takes no ownership and
    /// sees what the server has committed when it opens). Every write throws. For the CLI's list, show and ask.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no store at <paramref name="databasePath"/>.</exception>
    public static LiteDbChangeBotStore OpenReadOnly(string databasePath) =>
        File.Exists(databasePath)
            ? new LiteDbChangeBotStore(databasePath, readOnly: true)
            : throw new FileNotFoundException($"There is no store at {databasePath}.", databasePath);

    public string DatabasePath { get; }

    public Task<bool> PingAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        _ = _secrets.FindById("changebot:ping");
        return Task.FromResult(true);
    }

    public void Dispose()
    {
        _db.Dispose();
        _ownership?.Dispose();
    }

    private void EnsureIndexes()
    {
        _revisions.EnsureIndex(Columns.NoticeId);
        _subscriptions.EnsureIndex(Columns.Address);
        _conversations.EnsureIndex(Columns.Group);
        _deliveries.EnsureIndex(Columns.NoticeId);
        _deliveries.EnsureIndex(Columns.SortKey);
        _deliveries.EnsureIndex(Columns.Status);
        _acks.EnsureIndex(Columns.NoticeId);
        if (_acks.Exists(Query.EQ(Columns.Once, BsonValue.Null)))
        {
            BackfillAnswerKeys();
        }

        _acks.EnsureIndex(Columns.Once, unique: true);
        BuildReadinessCountersOnce();
        _unanswered.EnsureIndex(Columns.SortKey);
        _processed.EnsureIndex(Columns.At);
        _audit.EnsureIndex(Columns.SortKey);
    }

    /// <summary>
    /// An exclusive handle on <c>&lt;file&gt;.lock</c> for the store's lifetime (an OS lock, released even if
    /// the process dies). The file itself is left in place: deleting it would let two openers lock two
    /// different files of the same name.
    /// </summary>
    private static FileStream TakeOwnership(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new StoreInUseException(databasePath, e);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one LiteDB transaction on this thread; rolls back on any failure.</summary>
    private T InTransaction<T>(Func<T> work)
    {
        lock (_writeGate)
        {
            if (!_db.BeginTrans())
            {
                throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            }

            try
            {
                var result = work();
                _db.Commit();
                return result;
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }
    }

    private static class Columns
    {
        public const string Id = "_id";
        public const string Json = "json";
        public const string NoticeId = "noticeId";
        public const string Revision = "revision";
        public const string Address = "address";
        public const string Group = "group";
        public const string Status = "status";
        public const string CreatedAt = "createdAt";
        public const string At = "at";
        public const string Value = "value";

        /// <summary>What makes a record the same record again (a uniquely indexed field).</summary>
        public const string Once = "once";

        /// <summary>A sortable "instant then key" string, for oldest/newest-first pages with a stable tie-break.</summary>
        public const string SortKey = "sortKey";

        public static string OrderOf(DateTimeOffset at, string tieBreak) =>
            string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks:D20}|{tieBreak}");
    }
}
