using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Collects every problem of one file, translating YAML marks (relative to the front matter)
/// into file lines.</summary>
internal sealed class NoticeErrorList(string file)
{
    private readonly List<NoticeError> errors = [];

    public string File { get; } = file;

    /// <summary>File line of the front matter's first YAML line; set once the front matter is found.</summary>
    public int YamlFirstLine { get; set; } = 1;

    public IReadOnlyList<NoticeError> Errors => errors;

    public bool Any => errors.Count > 0;

    public void Add(int line, string message) => errors.Add(new NoticeError(File, line, message));

    public void Add(YamlNode node, string message) => Add(LineOf(node), message);

    public void Add(Mark mark, string message) => Add(LineOf(mark), message);

    public int LineOf(YamlNode node) => LineOf(node.Start);

    private int LineOf(Mark mark) => (int)mark.Line + YamlFirstLine - 1;
}
