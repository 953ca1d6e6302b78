using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Audit;

/// <summary>
/// The one writer of audit entries: notice operations, imports and subscription removals record here
/// whichever surface (chat, REST, CLI, start-up) asked, so no surface can change something unaudited.
/// </summary>
public sealed class AuditTrail(IAuditLog log, TimeProvider time)
{
    public Task RecordAsync(Actor actor, string action, string? noticeId, string details, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return log.AddAuditAsync(new AuditEntry(Guid.NewGuid().ToString("N"), actor.UserId, actor.Surface, action, noticeId, details, time.GetUtcNow()), ct);
    }
}
