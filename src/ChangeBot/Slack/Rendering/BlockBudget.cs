using System.Text.Json.Nodes;

namespace ChangeBot.Slack.Rendering;

/// <summary>Collects blocks while keeping the message within the block count and total text limits;
/// what does not fit is replaced by one note saying where the rest can be read.</summary>
internal sealed class BlockBudget(int reservedText)
{
    /// <summary>Room for the truncation note.</summary>
    private const int NoteLength = 120;

    private readonly List<JsonObject> _blocks = [];
    private JsonObject? _last;
    private int _textLength = reservedText + NoteLength;
    private bool _truncated;

    /// <summary>Something did not fit (the note says so).</summary>
    public bool Truncated => _truncated;

    public void Add(JsonObject block, int textLength)
    {
        // Room is kept for the trailing actions block and the truncation note.
        if (_truncated || _blocks.Count >= BlockKitRenderer.MaxBlocks - 2 || _textLength + textLength > BlockKitRenderer.MaxTotalText)
        {
            _truncated = true;
            return;
        }

        _blocks.Add(block);
        _textLength += textLength;
    }

    public void AddSection(string mrkdwn)
    {
        var remaining = BlockKitRenderer.MaxTotalText - _textLength;
        if (!_truncated && remaining > 200 && mrkdwn.Length > remaining)
        {
            // Keep what fits of a long section rather than dropping it whole.
            mrkdwn = SlackMrkdwn.Truncate(mrkdwn, remaining);
            Add(Section(mrkdwn), mrkdwn.Length);
            _truncated = true;
            return;
        }

        var text = SlackMrkdwn.Truncate(mrkdwn, BlockKitRenderer.MaxSectionText);
        Add(Section(text), text.Length);
    }

    /// <summary>A block that must come last (the buttons); it always fits because room was kept.</summary>
    public void AddLast(JsonObject block) => _last = block;

    public JsonArray Build(string? noticeId)
    {
        var array = new JsonArray();
        foreach (var block in _blocks)
        {
            array.Add(block);
        }

        if (_truncated)
        {
            var where = noticeId is null ? "" : $" Ask `notice {SlackMrkdwn.Escape(noticeId)}` for the full text.";
            array.Add(BlockKitRenderer.Context("_Shortened to fit a Slack message._" + where));
        }

        if (_last is not null)
        {
            array.Add(_last);
        }

        return array;
    }

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = BlockKitRenderer.Mrkdwn(mrkdwn) };
}
