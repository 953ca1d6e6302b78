using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.SupportConsole;

/// <summary>How many channels gave each answer (their latest), and how many have not answered.</summary>
internal sealed record ReadinessTally(int Ready, int NotAffected, int NeedHelp, int NoAnswer)
{
    public int Total => Ready + NotAffected + NeedHelp + NoAnswer;

    public static ReadinessTally Of(IEnumerable<ChannelReadiness> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int ready = 0, notAffected = 0, needHelp = 0, none = 0;
        foreach (var row in rows)
        {
            switch (row.Answer?.Answer)
            {
                case AckAnswer.Ready: ready++; break;
                case AckAnswer.NotAffected: notAffected++; break;
                case AckAnswer.NeedHelp: needHelp++; break;
                default: none++; break;
            }
        }

        return new ReadinessTally(ready, notAffected, needHelp, none);
    }
}
