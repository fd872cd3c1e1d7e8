/**
 * Names that are also everyday English words ("Rose", "Price", "Will",
 * "Grant"): the source matcher never looks for such a word on its own, since
 * "rose garden" or "price list" would stop every production. Folded (lower
 * case, no accents). Not exhaustive: it holds the words that are common both
 * as names and in ordinary text; a name made of rarer words is looked for
 * more widely.
 */
const WORDS = `
abbot acre april amber angel apple archer ash august autumn bacon badger baker ball bank banks barber bass bay beach
bean bear bell best bill bird bishop black blank bliss bloom blue bob bond boon booth bottom bow bowman brand brass
brave brick bridge bright brook brooks brown buck bud bunch burn burns bush butcher butler cake camp cane cannon card
carpenter carter case cash castle chance chase cherry chip church clay clear cliff climb cloud coat coin cook cool
cope copper cotton court cox crane cross crow crown dale dance dash dawn day deal dean dear delay dell diamond doe
dole dollar dove drake draper drew duck duke dune dust dyer eagle early east eastman edge elder english ever fair
faith falcon fall farmer feather field fields fine fish fisher fleet fletcher flint flood flower ford forest fortune
foster fox frank free french friend frost fry fuller gale game gardener garden gates gay gem gene gentle gift glass
glen glover gold golden good goodman goose grace grand grant gray green grey grove guard guy hall hammer hand handy
hardy hart harvest hawk hay head heart heath hedge hill hills holly home honey hood hook hope horn house hunt hunter
husband iris ivy jack jay jewel job joy judge june key keys king kite knight lake lamb land lane lark law lawless lee
legend liberty light lily lime little lock long lord love lovely low lucky major mann march mark marsh marshal
marshall mason may mead meadow merry mill miller mills mint miss moon moore more moss new newman nice noble north
nurse oak oaks page palm park parker parks parrot parsons pay peace peach pearl penny pepper person pike piper pitt
plain plant poet pool pope porter post potter pound power powers price prince pride quick rain ram ray read reed rich
rivers road robin rock rose row royal ruby rush sage sail salt sand sandy savage saw sea sergeant sharp shaw shepherd
ship short silver singer skinner slate slim small smart snow sole spark sparks speed spring squire stamp star steel
stern stone storm story strange street strong summer summers swan sweet swift tailor tanner temple thorn tiger toll
tower trace tree true tucker turner victor vine wade walk walker wall walls ward ware warren waters watt way weaver
webb well wells west white whitehead wild will winter wise wolf wood woods wool worth wren wright young
`;

export const COMMON_NAME_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
