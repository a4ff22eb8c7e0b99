package dev.souk.transactions;

import dev.souk.transactions.Process.Action;
import dev.souk.transactions.Process.Guard;
import dev.souk.transactions.Process.Moment;
import dev.souk.transactions.Process.Param;
import dev.souk.transactions.Process.Role;
import dev.souk.transactions.Process.Start;
import dev.souk.transactions.Process.Timer;
import dev.souk.transactions.Process.Transition;
import dev.souk.transactions.Process.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a process file (see docs/processes.md) and checks it whole, so that a process the engine runs
 * can't strand a transaction: every state is reachable, every state but the final ones has a way out,
 * and every name refers to something that exists. Works on SnakeYAML's nodes, which keep their lines.
 * One class, over 500 lines, because it is one parser and validator of the process file format whose
 * every error names the file and the line; its checks share that reading and make sense only together.
 */
final class ProcessFiles {

    /** The largest file taken, in bytes of UTF-8; the real ones are a few kilobytes. */
    static final int MAX_BYTES = 64 * 1024;

    /** A process file nests four levels deep; anything far deeper is not one. */
    private static final int MAX_DEPTH = 12;

    /** Aliases of lists or mappings; enough to share a list of actions, far too few to blow up. */
    private static final int MAX_ALIASES = 10;

    private static final Duration LONGEST_DELAY = Duration.ofDays(366);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final int NAME_LENGTH = 64;
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern DELAY = Pattern.compile("([0-9]{1,9})([mhd])");

    private static final List<String> FILE_KEYS = List.of("process", "version", "states", "start", "transitions");
    private static final List<String> STATE_KEYS = List.of("final");
    private static final List<String> START_KEYS = List.of("to", "actions");
    private static final List<String> TRANSITION_KEYS =
            List.of("name", "from", "to", "by", "on", "timer", "params", "guards", "actions");
    private static final List<String> TIMER_KEYS = List.of("after", "relative-to", "not-later-than");

    private ProcessFiles() {}

    /** Reads at most {@link #MAX_BYTES} of UTF-8 from {@code in}, refusing more, and parses them. */
    static Process read(String fileName, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(fileName);
        }
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer output = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        CoderResult result = decoder.decode(input, output, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < input.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ProcessFileException(fileName, line, "the file is not UTF-8 text");
        }
        decoder.flush(output);
        return parse(fileName, output.flip().toString());
    }

    /** Parses and checks one process file; {@code fileName} only names it in errors. */
    static Process parse(String fileName, String source) {
        // a character takes at least one byte: the first test spares encoding a huge string
        if (source.length() > MAX_BYTES || source.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw tooLarge(fileName);
        }
        return new Reading(fileName, source).process();
    }

    private static ProcessFileException tooLarge(String fileName) {
        return new ProcessFileException(fileName, 1, "the file is larger than 64 KiB, the most a process file may be");
    }

    /** One file being read: the states are known before the transitions that name them are read. */
    private static final class Reading {

        private final String file;
        private final String source;
        private final Map<String, Boolean> states = new LinkedHashMap<>();
        /** where each state is named, for errors about the state */
        private final Map<String, Node> stateNodes = new LinkedHashMap<>();

        Reading(String file, String source) {
            this.file = file;
            this.source = source;
        }

        Process process() {
            Node root = compose();
            Map<String, NodeTuple> top = mapping(root, "the file", FILE_KEYS);
            String key = name(required(top, "process", root, "the file"), "'process'");
            int version = version(required(top, "version", root, "the file"));
            states(required(top, "states", root, "the file"));
            Start start = start(required(top, "start", root, "the file"));
            List<Transition> transitions = transitions(required(top, "transitions", root, "the file"));
            checkEveryStateReachedAndLeft(start, transitions);
            return new Process(key, version, states, start, transitions, source);
        }

        private Node compose() {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(MAX_ALIASES);
            options.setNestingDepthLimit(MAX_DEPTH);
            options.setCodePointLimit(MAX_BYTES);
            StreamReader reader = new StreamReader(source);
            Node root;
            try {
                root = new Composer(new ParserImpl(reader, options), new Resolver(), options).getSingleNode();
            } catch (MarkedYAMLException e) {
                Mark problem = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String message = Objects.requireNonNullElse(e.getProblem(), "not YAML");
                if (e.getContext() != null && e.getContextMark() != null) {
                    message += " (" + e.getContext() + " at line "
                            + (e.getContextMark().getLine() + 1) + ")";
                }
                throw new ProcessFileException(
                        file, problem != null ? problem.getLine() + 1 : reader.getLine() + 1, message);
            } catch (ReaderException e) {
                long line = 1
                        + source.codePoints()
                                .limit(e.getPosition())
                                .filter(c -> c == '\n')
                                .count();
                throw new ProcessFileException(
                        file, (int) line, "a character that is not allowed: U+%04X".formatted(e.getCodePoint()));
            } catch (YAMLException e) {
                // the limits set above are refused without a mark; the reader stopped where one was crossed
                throw new ProcessFileException(file, reader.getLine() + 1, Objects.toString(e.getMessage()));
            }
            if (root == null) {
                throw new ProcessFileException(file, 1, "the file is empty; it must define a process");
            }
            return root;
        }

        private int version(Node node) {
            String text = scalar(node, "'version'");
            if (!VERSION.matcher(text).matches()) {
                throw fail(node, "'version' must be a positive whole number, not '" + shown(text) + "'");
            }
            return Integer.parseInt(text);
        }

        private void states(Node node) {
            for (Map.Entry<String, NodeTuple> entry :
                    mapping(node, "'states'", null).entrySet()) {
                Node nameNode = entry.getValue().getKeyNode();
                String state = name(nameNode, "a state");
                Node value = entry.getValue().getValueNode();
                boolean isFinal = false;
                if (value instanceof MappingNode) {
                    NodeTuple fin =
                            mapping(value, "state '" + state + "'", STATE_KEYS).get("final");
                    isFinal = fin != null && bool(fin.getValueNode(), "'final'");
                } else if (!isNull(value)) {
                    throw fail(value, "state '" + state + "' takes nothing or {final: true}");
                }
                states.put(state, isFinal);
                stateNodes.put(state, nameNode);
            }
            if (states.isEmpty()) {
                throw fail(node, "'states' names no state");
            }
        }

        private Start start(Node node) {
            Map<String, NodeTuple> start = mapping(node, "'start'", START_KEYS);
            Node toNode = required(start, "to", node, "'start'");
            String to = state(toNode);
            if (states.get(to)) {
                throw fail(toNode, "a transaction can't start in '" + to + "': it is a final state");
            }
            return new Start(to, values(start.get("actions"), Action.class, "action"));
        }

        private List<Transition> transitions(Node node) {
            if (!(node instanceof SequenceNode list)) {
                throw fail(node, "'transitions' must be a list");
            }
            List<Transition> transitions = new ArrayList<>();
            Map<String, Transition> taken = new HashMap<>();
            for (Node item : list.getValue()) {
                Transition transition = transition(item);
                refuseTwins(transition, taken, item);
                transitions.add(transition);
            }
            return transitions;
        }

        private Transition transition(Node node) {
            Map<String, NodeTuple> entries = mapping(node, "a transition", TRANSITION_KEYS);
            String name = name(required(entries, "name", node, "a transition"), "'name'");
            String label = "transition '" + name + "'";

            Node fromNode = required(entries, "from", node, label);
            Set<String> from = new LinkedHashSet<>();
            for (Node item : items(fromNode)) {
                String state = state(item);
                if (!from.add(state)) {
                    throw fail(item, label + " names '" + state + "' twice in 'from'");
                }
                if (states.get(state)) {
                    throw fail(item, label + " leaves '" + state + "', a final state: nothing happens after one");
                }
            }
            if (from.isEmpty()) {
                throw fail(fromNode, label + " names no state in 'from'");
            }
            String to = state(required(entries, "to", node, label));

            List<Role> by = values(entries.get("by"), Role.class, "role");
            Optional<Trigger> on = Optional.ofNullable(entries.get("on"))
                    .map(entry -> value(entry.getValueNode(), Trigger.class, "trigger"));
            NodeTuple timerEntry = entries.get("timer");
            Optional<Timer> timer = Optional.ofNullable(timerEntry).map(entry -> timer(entry.getValueNode(), label));
            if (by.isEmpty() && on.isEmpty() && timer.isEmpty()) {
                throw fail(
                        node,
                        label + " is taken by nothing: give it 'by' (who takes it), 'on' (an event) or a 'timer'");
            }
            if (timerEntry != null && (!by.isEmpty() || on.isPresent())) {
                throw fail(
                        timerEntry.getKeyNode(),
                        label + " has a timer and also 'by' or 'on'; a timer takes a transition by itself,"
                                + " so write the other way as a transition of its own");
            }
            List<Param> params = values(entries.get("params"), Param.class, "param");
            if (!params.isEmpty() && by.isEmpty()) {
                throw fail(
                        entries.get("params").getKeyNode(),
                        label + " takes params, but only someone named in 'by' could pass them");
            }
            return new Transition(
                    name,
                    from,
                    to,
                    Set.copyOf(by),
                    on,
                    timer,
                    values(entries.get("guards"), Guard.class, "guard"),
                    values(entries.get("actions"), Action.class, "action"),
                    Set.copyOf(params),
                    line(node));
        }

        private Timer timer(Node node, String label) {
            String what = "the timer of " + label;
            Map<String, NodeTuple> timer = mapping(node, what, TIMER_KEYS);
            Duration after = delay(required(timer, "after", node, what));
            Moment relativeTo = Optional.ofNullable(timer.get("relative-to"))
                    .map(entry -> value(entry.getValueNode(), Moment.class, "moment"))
                    .orElse(Moment.ENTERED);
            Optional<Moment> notLaterThan = Optional.ofNullable(timer.get("not-later-than"))
                    .map(entry -> value(entry.getValueNode(), Moment.class, "moment"));
            return new Timer(after, relativeTo, notLaterThan);
        }

        private Duration delay(Node node) {
            String text = scalar(node, "'after'");
            Matcher matcher = DELAY.matcher(text);
            if (!matcher.matches()) {
                throw fail(
                        node,
                        "'after' must be a whole number and a unit, m (minutes), h (hours) or d (days), such as"
                                + " 72h; not '" + shown(text) + "'");
            }
            long amount = Long.parseLong(matcher.group(1));
            Duration delay = switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            if (delay.isZero()) {
                throw fail(node, "'after' must be longer than nothing, not " + text);
            }
            if (delay.compareTo(LONGEST_DELAY) > 0) {
                throw fail(node, "'after' may be at most 366 days, not " + text);
            }
            return delay;
        }

        /**
         * Two entries may share a name when no one could mean both: they leave different states, or are
         * taken by different roles, events or timers. And an event takes one transition from a state.
         * {@code taken} holds what the earlier entries take, by state and trigger (and name).
         */
        private void refuseTwins(Transition transition, Map<String, Transition> taken, Node node) {
            List<String> triggers = new ArrayList<>();
            transition.by().forEach(role -> triggers.add("by " + key(role)));
            transition.timer().ifPresent(timer -> triggers.add("by its timer"));
            for (String state : transition.from()) {
                for (String trigger : triggers) {
                    Transition twin =
                            taken.putIfAbsent(transition.name() + " from " + state + " " + trigger, transition);
                    if (twin != null) {
                        throw fail(
                                node,
                                "transition '" + transition.name() + "' from '" + state + "' " + trigger
                                        + " is already written at line " + twin.line()
                                        + "; entries of one name must differ in 'from' or in who takes them");
                    }
                }
                if (transition.on().isPresent()) {
                    String event = key(transition.on().get());
                    Transition twin = taken.putIfAbsent("from " + state + " on " + event, transition);
                    if (twin != null) {
                        throw fail(
                                node,
                                "'" + state + "' already leaves on " + event + " by transition '" + twin.name()
                                        + "' at line " + twin.line() + "; an event takes one transition from a state");
                    }
                }
            }
        }

        /** Every state is reached from the start, and every state leads to a final one. */
        private void checkEveryStateReachedAndLeft(Start start, List<Transition> transitions) {
            Map<String, List<String>> next = new HashMap<>();
            Map<String, List<String>> previous = new HashMap<>();
            for (Transition transition : transitions) {
                for (String from : transition.from()) {
                    next.computeIfAbsent(from, state -> new ArrayList<>()).add(transition.to());
                    previous.computeIfAbsent(transition.to(), state -> new ArrayList<>())
                            .add(from);
                }
            }
            Set<String> reached = walk(Set.of(start.to()), next);
            Set<String> ending =
                    walk(states.keySet().stream().filter(states::get).collect(Collectors.toSet()), previous);
            for (Map.Entry<String, Node> state : stateNodes.entrySet()) {
                String name = state.getKey();
                if (!reached.contains(name)) {
                    throw fail(
                            state.getValue(),
                            "state '" + name + "' can't be reached from '" + start.to()
                                    + "', where transactions start");
                }
                if (!next.containsKey(name) && !states.get(name)) {
                    throw fail(
                            state.getValue(),
                            "state '" + name + "' has no way out: add a transition from it, or mark it"
                                    + " {final: true}");
                }
                if (!ending.contains(name)) {
                    throw fail(
                            state.getValue(),
                            "state '" + name + "' never leads to a final state: every way out of it comes back");
                }
            }
        }

        /** The states reached from {@code from} along {@code edges}, {@code from} included. */
        private static Set<String> walk(Set<String> from, Map<String, List<String>> edges) {
            Set<String> reached = new HashSet<>(from);
            Deque<String> unvisited = new ArrayDeque<>(from);
            while (!unvisited.isEmpty()) {
                for (String state : edges.getOrDefault(unvisited.pop(), List.of())) {
                    if (reached.add(state)) {
                        unvisited.push(state);
                    }
                }
            }
            return reached;
        }

        // --- reading nodes ----------------------------------------------------------------------

        /** The entries of a mapping in file order; {@code allowed} null takes any key. */
        private Map<String, NodeTuple> mapping(Node node, String what, @Nullable List<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                throw fail(node, what + " must be a mapping of keys to values");
            }
            Map<String, NodeTuple> entries = new LinkedHashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                Node keyNode = entry.getKeyNode();
                if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                    throw fail(keyNode, what + " has a key that is not a word");
                }
                String key = scalar.getValue();
                if (allowed != null && !allowed.contains(key)) {
                    throw fail(
                            keyNode,
                            "unknown key '" + shown(key) + "' in " + what + "; expected " + String.join(", ", allowed));
                }
                if (entries.put(key, entry) != null) {
                    throw fail(keyNode, what + " has '" + shown(key) + "' twice");
                }
            }
            return entries;
        }

        private Node required(Map<String, NodeTuple> entries, String key, Node mapping, String what) {
            NodeTuple entry = entries.get(key);
            if (entry == null) {
                throw fail(mapping, what + " needs '" + key + "'");
            }
            return entry.getValueNode();
        }

        private String scalar(Node node, String what) {
            if (isNull(node)) {
                throw fail(node, what + " has no value");
            }
            if (!(node instanceof ScalarNode scalar)) {
                throw fail(node, what + " must be a single value, not a list or a mapping");
            }
            return scalar.getValue();
        }

        private String name(Node node, String what) {
            String name = scalar(node, what);
            if (name.length() > NAME_LENGTH || !NAME.matcher(name).matches()) {
                throw fail(
                        node,
                        what + " must be lower-case words joined by '-', such as pending-payment, not '" + shown(name)
                                + "'");
            }
            return name;
        }

        private String state(Node node) {
            String state = name(node, "a state");
            if (!states.containsKey(state)) {
                throw fail(node, "unknown state '" + state + "'; 'states' names " + listed(states.keySet()));
            }
            return state;
        }

        private boolean bool(Node node, String what) {
            String text = scalar(node, what);
            if (!text.equals("true") && !text.equals("false")) {
                throw fail(node, what + " must be true or false, not '" + shown(text) + "'");
            }
            return text.equals("true");
        }

        /** A single value or a list of them; nothing at all is an empty list. */
        private List<Node> items(@Nullable Node node) {
            if (node == null || isNull(node)) {
                return List.of();
            }
            return node instanceof SequenceNode list ? list.getValue() : List.of(node);
        }

        private <E extends Enum<E>> List<E> values(@Nullable NodeTuple entry, Class<E> type, String noun) {
            List<E> values = new ArrayList<>();
            for (Node item : items(entry == null ? null : entry.getValueNode())) {
                E value = value(item, type, noun);
                if (values.contains(value)) {
                    throw fail(item, noun + " " + key(value) + " is listed twice");
                }
                values.add(value);
            }
            return values;
        }

        private <E extends Enum<E>> E value(Node node, Class<E> type, String noun) {
            String text = scalar(node, "a " + noun);
            for (E constant : type.getEnumConstants()) {
                if (key(constant).equals(text)) {
                    return constant;
                }
            }
            throw fail(
                    node,
                    "unknown " + noun + " '" + shown(text) + "'; one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(ProcessFiles::key)
                                    .collect(Collectors.joining(", ")));
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
        }

        private ProcessFileException fail(Node node, String problem) {
            return new ProcessFileException(file, line(node), problem);
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }
    }

    /** How the files write an enum's value: {@code REFUND_IN_FULL} is {@code refund-in-full}. */
    static String key(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Names listed in an error, the first dozen of them. */
    private static String listed(Collection<String> names) {
        return names.size() <= 12
                ? String.join(", ", names)
                : names.stream().limit(12).collect(Collectors.joining(", ")) + " and " + (names.size() - 12) + " more";
    }

    /** A value quoted in an error: short, and without control characters. */
    private static String shown(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return shown.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
