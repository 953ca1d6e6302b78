namespace ChangeBot.Core.Notices;

/// <summary>Told about every stored change of a notice (import, publish, update, cancel), e.g. so the
/// answer index stays in step with the store.</summary>
public interface INoticeObserver
{
    void NoticeChanged(Notice notice);
}
