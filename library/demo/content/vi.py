"""Vietnamese demo pages (Tiếng Việt): fictional, illustrative, modelled on patterns reported in the region."""

from .en import SOM_PROTOCOL, TIP_PROTOCOL, UNODC_TIP

ILLUSTRATIVE = (
    "<p><strong>Trường hợp minh họa.</strong> Nghiên cứu tình huống này là hư cấu, tổng hợp từ các phương thức "
    "buôn bán người và đưa người di cư trái phép được ghi nhận trong khu vực. Địa danh chỉ nêu đến cấp tỉnh hoặc "
    "cửa khẩu; không mô tả bất kỳ người thật hay vụ án thật nào.</p>"
)
LAW_VN = (
    "Luật Phòng, chống mua bán người; Bộ luật Hình sự (tội mua bán người); "
    "Bộ luật Tố tụng hình sự (dữ liệu điện tử là nguồn chứng cứ)."
)

METHODS = [
    {
        "key": "vi-digital-evidence-messaging-apps",
        "translation_of": "digital-evidence-messaging-apps",
        "language": "vi",
        "title": "Thu thập chứng cứ điện tử từ ứng dụng nhắn tin",
        "summary": (
            "Bảo quản và trích xuất tin nhắn, tin nhắn thoại và ảnh chụp giao dịch từ điện thoại của nạn nhân và "
            "đối tượng để chứng cứ được tòa án ở cả bốn nước chấp nhận."
        ),
        "year": 2024,
        "audience": "members",
        "countries": ["VN", "KH", "LA", "TH"],
        "crimes": ["scam-compounds", "forced-marriage", "sexual-exploitation"],
        "tags": ["digital evidence", "messaging apps", "chain of custody"],
        "purpose": (
            "Thu thập chứng cứ từ ứng dụng nhắn tin theo cách bảo đảm tính toàn vẹn và quyền riêng tư của nạn nhân, "
            "với chuỗi quản lý chứng cứ mà tòa án chấp nhận."
        ),
        "when_to_use": (
            "<p>Bất cứ khi nào việc tuyển mộ, kiểm soát hoặc thanh toán diễn ra qua ứng dụng nhắn tin — điều này "
            "có trong hầu hết các vụ buôn bán người liên quan đến cơ sở lừa đảo trực tuyến và hôn nhân cưỡng ép.</p>"
        ),
        "steps": [
            (
                "Giải thích và xin sự đồng ý",
                "<p>Với điện thoại của nạn nhân, giải thích những gì sẽ được sao chép "
                "và lý do, ghi nhận sự đồng ý. Chỉ sao chép nội dung liên quan.</p>",
            ),
            (
                "Cô lập thiết bị",
                "<p>Chuyển điện thoại của đối tượng sang chế độ máy bay hoặc cho vào túi chống sóng "
                "để tránh bị xóa dữ liệu từ xa.</p>",
            ),
            (
                "Trích xuất, rồi tính giá trị băm",
                "<p>Dùng công cụ trích xuất được phê duyệt, tính giá trị băm của "
                "bản trích xuất và ghi vào sổ vật chứng.</p>",
            ),
            (
                "Yêu cầu nhà cung cấp bảo quản dữ liệu",
                "<p>Gửi yêu cầu bảo quản dữ liệu cho nhà cung cấp ứng dụng "
                "càng sớm càng tốt; dữ liệu tài khoản chỉ được lưu trong thời gian ngắn.</p>",
            ),
            (
                "Dịch thuật cẩn thận",
                "<p>Tin nhắn bằng ngôn ngữ khác cần được dịch bởi người dịch có chứng nhận, "
                "giữ nguyên văn bản gốc bên cạnh bản dịch.</p>",
            ),
        ],
        "indicators": (
            "<ul><li>Nhóm chat dùng để giao “chỉ tiêu” hằng ngày</li><li>Ảnh hộ chiếu gửi cho người tuyển mộ</li>"
            "<li>Tin nhắn thoại có lời đe dọa hoặc số tiền nợ</li></ul>"
        ),
        "what_to_avoid": (
            "<ul><li>Chuyển tiếp chứng cứ sang tài khoản cá nhân</li><li>Giữ điện thoại của nạn nhân lâu hơn cần "
            "thiết</li><li>Chụp màn hình mà không có ngữ cảnh xung quanh</li></ul>"
        ),
        "legal_bases": [("VN", LAW_VN)],
    },
]

RESOURCES = [
    {
        "key": "vi-checkpoint-training-handout",
        "language": "vi",
        "title": "Tài liệu tập huấn: nhận diện nạn nhân bị buôn bán người tại cửa khẩu",
        "summary": (
            "Tài liệu phát tay cho buổi tập huấn nửa ngày dành cho cán bộ biên phòng và công an cửa khẩu: khái niệm, "
            "dấu hiệu nhận biết, phỏng vấn ban đầu và chuyển tuyến. Tài liệu minh họa được tạo cho bản trình diễn."
        ),
        "year": 2024,
        "resource_kind": "curriculum",
        "publisher": "Frontline Exchange (minh họa)",
        "countries": ["VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "forced-marriage", "migrant-smuggling"],
        "tags": ["training", "victim identification", "checkpoint"],
        "document": {
            "format": "docx",
            "title": "Tài liệu tập huấn: nhận diện nạn nhân bị buôn bán người tại cửa khẩu (minh họa)",
            "paragraphs": [
                "Tài liệu minh họa cho bản trình diễn Frontline Exchange.",
                "Phần 1. Phân biệt mua bán người và đưa người di cư trái phép: hành vi, thủ đoạn và mục đích.",
                "Phần 2. Dấu hiệu nhận biết tại cửa khẩu: một người trả lời thay cả nhóm; người đi không biết nơi "
                "đến; giấy tờ mới giống hệt nhau; trẻ em đi cùng người không phải thân nhân.",
                "Phần 3. Phỏng vấn ban đầu: nơi riêng tư, phiên dịch tin cậy, câu hỏi mở, không hứa hẹn điều không "
                "chắc chắn.",
                "Phần 4. Chuyển tuyến: liên hệ cơ quan bảo trợ xã hội cấp tỉnh, bàn giao hồ sơ tối thiểu, theo dõi "
                "sau một tuần và một tháng.",
                "- Bài tập tình huống: ba nhóm người qua cửa khẩu (hư cấu).",
            ],
        },
    },
]

CASE_STUDIES = [
    {
        "key": "vi-forced-marriage-northern-border",
        "translation_of": "forced-marriage-northern-border-viet",
        "language": "vi",
        "title": "Từ một người bạn trên mạng xã hội đến cuộc hôn nhân cưỡng ép",
        "summary": (
            "Trường hợp minh họa. Phụ nữ và trẻ em gái ở các tỉnh miền núi phía Bắc bị kết bạn qua mạng, được hứa "
            "hẹn việc làm ở chợ biên giới rồi bị bán sang bên kia biên giới làm vợ — một thủ đoạn buôn bán người "
            "thường gặp ở khu vực biên giới phía Bắc."
        ),
        "year": 2023,
        "countries": [("VN", "origin"), ("CN", "destination")],
        "border_area": "Tỉnh Lào Cai (biên giới phía Bắc)",
        "crimes": ["forced-marriage"],
        "channels": ["social-media", "marriage-broker"],
        "tags": ["forced marriage", "online grooming", "northern border"],
        "modus_operandi": (
            "<p>Đối tượng tuyển mộ làm quen qua mạng xã hội trong nhiều tuần, sau đó rủ đi bán hàng ở chợ biên giới "
            "với thu nhập cao. Các nạn nhân được dẫn qua biên giới theo đường mòn trong rừng vào ban đêm và bị giao "
            "cho một môi giới hôn nhân để “gả” lấy tiền.</p>"
        ),
        "victim_count": "2-5",
        "victim_age_band": "under-18",
        "victim_gender": "female",
        "detection": (
            "<p>Một giáo viên trình báo học sinh mất tích và cho biết em mới quen một người bạn trên mạng. "
            "Bộ đội Biên phòng đối chiếu tin báo với một nhóm người bị phát hiện gần biên giới trong cùng tuần.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Thu giữ và bảo quản tài khoản mạng xã hội cùng các tin nhắn.</li>"
            "<li>Xác định tuổi đối với một nạn nhân có giấy tờ ghi là người đã thành niên.</li>"
            "<li>Xác định đối tượng tuyển mộ trong nước qua các giao dịch chuyển tiền.</li></ol>"
        ),
        "cooperation": (
            "<p>Bộ đội Biên phòng, Công an tỉnh và cơ quan công an phía bên kia biên giới phối hợp qua Văn phòng "
            "liên lạc biên giới.</p>"
        ),
        "outcome_status": "prosecution",
        "sentence": "",
        "victim_support": "<p>Tiếp nhận tại cửa khẩu, hỗ trợ tại cơ sở bảo trợ xã hội và giúp nạn nhân trở lại trường học.</p>",
        "lessons_learned": (
            "<ul><li>Nhà trường có thể phát hiện sớm nguy cơ; giáo viên cần một kênh trình báo đơn giản.</li>"
            "<li>Thận trọng với giấy tờ ghi đã thành niên khi các dấu hiệu khác cho thấy đó là trẻ em.</li></ul>"
        ),
        "related_methods": ["age-assessment", "vi-digital-evidence-messaging-apps"],
        "sources": [TIP_PROTOCOL],
        "body": [
            ("heading", "Vì sao vụ việc này quan trọng"),
            (
                "paragraph",
                "<p>Vụ việc cho thấy tội phạm mua bán người thường bắt đầu bằng một mối quan hệ tin cậy "
                "trên mạng, và công tác phòng ngừa buôn bán người cần đến với học sinh trước khi đối tượng làm quen "
                "với các em.</p>",
            ),
        ],
    },
    {
        "key": "vi-scam-compound-easy-job",
        "language": "vi",
        "title": "Bị lừa sang nước ngoài làm “việc nhẹ lương cao” và bị ép lừa đảo trực tuyến",
        "summary": (
            "Trường hợp minh họa. Thanh niên ở các tỉnh miền Trung được mời làm việc nhẹ lương cao qua mạng xã hội, "
            "bị đưa qua đường mòn sang Campuchia, bị giữ hộ chiếu và bị ép lừa đảo qua mạng. Người không đạt chỉ "
            "tiêu bị đánh đập hoặc bị bán sang công ty khác — một hình thức buôn bán người ngày càng phổ biến."
        ),
        "year": 2022,
        "year_end": 2023,
        "countries": [("VN", "origin"), ("KH", "destination")],
        "border_area": "Tỉnh Tây Ninh và tỉnh Svay Rieng (khu vực biên giới)",
        "crimes": ["scam-compounds", "forced-labour"],
        "channels": ["social-media", "job-advert"],
        "tags": ["scam compound", "online recruitment", "ransom"],
        "modus_operandi": (
            "<p>Đối tượng đăng tin tuyển dụng “chăm sóc khách hàng”, “nhập liệu” với mức lương gấp nhiều lần thu "
            "nhập ở quê, không cần kinh nghiệm. Sau khi trao đổi qua ứng dụng nhắn tin, người lao động được đón và "
            "dẫn qua đường mòn để tránh cửa khẩu. Khi đến nơi, họ bị thu hộ chiếu, điện thoại và bị thông báo phải "
            "trả “nợ” tiền đi lại.</p>"
            "<p>Người lao động được phát kịch bản và tài khoản giả để lừa người khác đầu tư vào sàn giao dịch giả. "
            "Gia đình của những người muốn về bị yêu cầu nộp tiền chuộc.</p>"
        ),
        "victim_count": "21-100",
        "victim_age_band": "18-24",
        "victim_gender": "mixed",
        "detection": (
            "<p>Gia đình một nạn nhân nhận được tin nhắn cầu cứu và trình báo Công an xã. Tin báo được chuyển đến "
            "Phòng Cảnh sát hình sự Công an tỉnh.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Thu thập tin nhắn và vị trí nạn nhân gửi về cho gia đình.</li>"
            "<li>Xác minh các tài khoản ngân hàng nhận tiền chuộc.</li>"
            "<li>Xác định và bắt giữ đối tượng đưa người qua biên giới khi quay về.</li>"
            "<li>Phối hợp với phía Campuchia để giải cứu và tiếp nhận nạn nhân.</li></ol>"
        ),
        "cooperation": (
            "<p>Công an tỉnh, Bộ đội Biên phòng, cơ quan đại diện Việt Nam ở nước ngoài và cảnh sát chống buôn bán "
            "người của nước sở tại phối hợp giải cứu và bàn giao nạn nhân tại cửa khẩu quốc tế.</p>"
        ),
        "outcome_status": "conviction",
        "sentence": "Đối tượng đưa người: 9 năm tù về tội mua bán người",
        "victim_support": "<p>Nạn nhân được khám sức khỏe, hỗ trợ tâm lý, hỗ trợ tiền ăn và đi lại về địa phương.</p>",
        "lessons_learned": (
            "<ul><li>Gia đình không nên nộp tiền chuộc khi chưa báo cơ quan công an.</li>"
            "<li>Người trở về từ các cơ sở lừa đảo phải được sàng lọc như nạn nhân trước khi xem xét xử lý.</li></ul>"
        ),
        "related_methods": ["vi-digital-evidence-messaging-apps", "financial-investigation-scam-proceeds"],
        "sources": [UNODC_TIP],
        "body": [],
    },
    {
        "key": "vi-forged-labour-export-papers",
        "language": "vi",
        "title": "Làm giả hồ sơ đi làm việc ở nước ngoài để đưa người xuất cảnh trái phép",
        "summary": (
            "Trường hợp minh họa. Một công ty không có giấy phép làm giả hợp đồng lao động, giấy xác nhận và thị "
            "thực để đưa người lao động quá cảnh Thái Lan sang Malaysia. Người lao động phải trả phí cao và đến nơi "
            "không có việc làm như đã hứa."
        ),
        "year": 2021,
        "countries": [("VN", "origin"), ("TH", "transit"), ("MY", "destination")],
        "border_area": "Tỉnh Nghệ An (nơi tuyển mộ) và cửa khẩu quốc tế Cầu Treo",
        "crimes": ["document-fraud", "migrant-smuggling"],
        "channels": ["recruitment-agency"],
        "tags": ["document fraud", "work permits", "transit"],
        "modus_operandi": (
            "<p>Công ty thu phí trọn gói gồm hồ sơ, vé xe và “bảo lãnh việc làm”. Hợp đồng lao động và giấy xác "
            "nhận của chủ sử dụng lao động được làm giả bằng máy in thông thường; hộ chiếu được dán thị thực giả. "
            "Người lao động đi theo nhóm, có người dẫn đường giữ toàn bộ giấy tờ.</p>"
        ),
        "victim_count": "21-100",
        "victim_age_band": "25-34",
        "victim_gender": "male",
        "detection": (
            "<p>Cán bộ kiểm soát xuất nhập cảnh tại cửa khẩu phát hiện nhiều thị thực có cùng một lỗi in.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Giám định tài liệu tại phòng kỹ thuật hình sự.</li>"
            "<li>Khám xét trụ sở công ty, thu giữ máy in và phôi thị thực.</li>"
            "<li>Phân tích sổ sách thu phí của công ty.</li></ol>"
        ),
        "cooperation": (
            "<p>Cơ quan quản lý xuất nhập cảnh của ba nước chia sẻ cảnh báo tài liệu giả qua mạng lưới sĩ quan "
            "liên lạc.</p>"
        ),
        "outcome_status": "conviction",
        "sentence": "Giám đốc công ty: 5 năm tù về tội làm giả tài liệu của cơ quan, tổ chức",
        "victim_support": (
            "<p>Người lao động không bị xử lý vì sử dụng giấy tờ giả, được hoàn trả một phần chi phí và được hướng "
            "dẫn về các kênh đi làm việc ở nước ngoài hợp pháp.</p>"
        ),
        "lessons_learned": (
            "<ul><li>Chia sẻ cảnh báo tài liệu giả trong khu vực ngay trong ngày.</li>"
            "<li>Người dẫn đường giữ giấy tờ của cả nhóm là dấu hiệu cần sàng lọc buôn bán người.</li></ul>"
        ),
        "related_methods": ["joint-border-information-exchange"],
        "sources": [SOM_PROTOCOL],
        "body": [],
    },
    {
        "key": "vi-karaoke-sexual-exploitation",
        "language": "vi",
        "title": "Thiếu nữ bị lừa sang Lào làm phục vụ quán hát và bị bóc lột tình dục",
        "summary": (
            "Trường hợp minh họa. Các thiếu nữ được người quen giới thiệu việc làm phục vụ nhà hàng ở Lào, nhưng bị "
            "ép tiếp khách và bị giữ lương để trừ “nợ”. Vụ việc cho thấy nguy cơ buôn bán người qua các cửa khẩu "
            "miền Trung."
        ),
        "year": 2022,
        "countries": [("VN", "origin"), ("LA", "destination")],
        "border_area": "Tỉnh Hà Tĩnh (cửa khẩu Cầu Treo) và tỉnh Bolikhamxay",
        "crimes": ["sexual-exploitation"],
        "channels": ["family", "social-media"],
        "tags": ["children", "sexual exploitation", "karaoke"],
        "modus_operandi": (
            "<p>Một người quen trong xã giới thiệu công việc phục vụ nhà hàng với mức lương cao, lo giấy thông hành "
            "và tiền xe. Khi đến nơi, các em bị chủ quán giữ giấy tờ, buộc tiếp khách và bị thông báo nợ tiền đi lại, "
            "tiền ăn ở.</p>"
        ),
        "victim_count": "2-5",
        "victim_age_band": "under-18",
        "victim_gender": "female",
        "detection": "<p>Một em nhắn tin cho bạn học; gia đình bạn học báo cho Đồn Biên phòng cửa khẩu.</p>",
        "investigation_steps": (
            "<ol><li>Xác định tuổi các nạn nhân bằng học bạ và giấy khai sinh.</li>"
            "<li>Xác minh người giới thiệu và các khoản tiền môi giới.</li>"
            "<li>Đề nghị phía Lào phối hợp giải cứu qua kênh hợp tác công an hai nước.</li></ol>"
        ),
        "cooperation": (
            "<p>Bộ đội Biên phòng, Công an tỉnh và cảnh sát chống buôn bán người của tỉnh bạn phối hợp giải cứu, "
            "bàn giao tại cửa khẩu.</p>"
        ),
        "outcome_status": "conviction",
        "sentence": "Người giới thiệu: 12 năm tù; chủ quán bị xử lý tại nước sở tại",
        "victim_support": "<p>Các em được chăm sóc tại cơ sở bảo trợ xã hội, tư vấn tâm lý và hỗ trợ học nghề.</p>",
        "lessons_learned": (
            "<ul><li>Người quen trong cộng đồng thường là người tuyển mộ.</li>"
            "<li>Với nạn nhân là trẻ em, không cần chứng minh thủ đoạn lừa gạt hay cưỡng ép.</li></ul>"
        ),
        "related_methods": ["age-assessment", "referral-to-shelters"],
        "sources": [TIP_PROTOCOL],
        "body": [],
    },
]
