package render

// DraftPrefix starts the title of a draft paper in every format.
const DraftPrefix = "DRAFT: "
