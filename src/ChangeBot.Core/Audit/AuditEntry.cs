using ChangeBot.Core.Operations;

namespace ChangeBot.Core.Audit;

/// <summary>One support action, for the audit log.</summary>
public sealed record AuditEntry(
    string Id,
    string Actor,
    string Surface,
    string Action,
    string? NoticeId,
    string Details,
    DateTimeOffset At);
