using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Answers;

/// <summary>
/// The searchable copy of the notices that questions are answered from. It holds only notices that may
/// be answered from (not drafts, not cancelled); whoever imports, updates, publishes or cancels a notice
/// tells it (<see cref="Upsert"/> with the stored notice is always right; it drops notices that are no
/// longer answerable). Each instance rebuilds it from the store at start-up.
/// </summary>
public interface IAnswerIndex
{
    /// <summary>Replaces the whole index with <paramref name="notices"/>.</summary>
    void Rebuild(IEnumerable<Notice> notices);

    /// <summary>Indexes the notice (replacing an earlier copy), or removes it when it is a draft or cancelled.</summary>
    void Upsert(Notice notice);

    void Remove(string noticeId);

    /// <summary>Answers <paramref name="question"/>; from <paramref name="contextNoticeId"/> first when the
    /// question was asked under that notice.</summary>
    Answer Ask(string question, string? contextNoticeId = null);

    /// <summary>The indexed (answerable) copy of a notice, or null.</summary>
    Notice? Find(string noticeId);
}
